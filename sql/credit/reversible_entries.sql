-- Ledger entries of cases that were reopened and then dismissed (排除): their points are reversed.
select l.case_id, l.entity_id, cast(c.decided_at as date) as decided_on,
       sum(l.points)::integer as points
from credit_ledger l
join case_file c on c.case_id = l.case_id
where c.disposition = '排除' and l.kind <> 'reversal' and l.source = 'computed'
group by l.case_id, l.entity_id, c.decided_at;

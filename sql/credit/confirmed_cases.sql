-- Confirmed cases of the given subject types with what credit needs: decision date, legal basis,
-- severity, measure, the close event's flags (self_corrected / voluntary_return) and rectification.
select
    c.case_id, c.entity_type, c.entity_id, cast(c.decided_at as date) as decided_on,
    cast(c.closed_at as date) as closed_on, c.legal_basis, c.severity, c.disposition, c.measure,
    coalesce(c.amt_confirmed, c.amt_identified) as amt_confirmed,
    (select e.payload from case_event e where e.case_id = c.case_id and e.action = 'close'
     order by e.seq desc limit 1) as close_payload,
    (select cast(max(e.event_at) as date) from case_event e
     where e.case_id = c.case_id and e.action = 'rectify') as rectified_on,
    (select s.fixmedins_code from staff s where s.psn_code = c.entity_id) as staff_institution
from case_file c
where c.disposition in ('确认违规', '确认欺诈')
  and list_contains($entity_types, c.entity_type)
  and c.decided_at is not null
order by c.decided_at, c.case_id;

-- Savings ledger per rule and per model, joined with per-rule precision from dispositions.
select s.source_type, s.source_id, s.n_cases, s.amt_identified, s.amt_confirmed, s.amt_recovered,
       s.amt_fined, p.n_decided, p.n_confirmed, p."precision"
from savings_ledger s
left join rule_precision p on s.source_type = 'rule' and p.rule_id = s.source_id
order by s.source_type desc, s.amt_identified desc, s.source_id;

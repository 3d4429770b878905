-- Run-independent content of the findings (ids of runs and timestamps left out).
select rule_id, rule_version, finding_key, setl_id, psn_no, fixmedins_code, staff_code, event_date,
       vola_amt, fund_amt, cast(evidence as varchar) as evidence
from finding
order by rule_id, finding_key

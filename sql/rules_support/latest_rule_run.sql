-- The most recent run that executed rules.
select run_id
from rule_execution
order by executed_at desc
limit 1

-- Per-rule durations of one run, slowest first.
select rule_id, duration_ms, n_hits, outcome
from rule_execution
where run_id = $run_id
order by duration_ms desc, rule_id

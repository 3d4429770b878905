-- rule_execution rows of one run.
select rule_id, rule_version, outcome, n_hits, amount, fund_amount, coverage, n_input_rows,
    period_start, period_end, duration_ms, error
from rule_execution
where run_id = $run_id
order by rule_id

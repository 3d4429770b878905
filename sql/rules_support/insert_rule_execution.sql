-- One row per rule per run (re-running the same run id replaces it).
insert or replace into rule_execution (
    run_id, rule_id, rule_version, outcome, n_hits, amount, fund_amount, coverage, n_input_rows,
    period_start, period_end, duration_ms, error, fingerprint, executed_at
)
values (
    $run_id, $rule_id, $rule_version, $outcome, $n_hits, $amount, $fund_amount, $coverage,
    $n_input_rows, $period_start, $period_end, $duration_ms, $error, $fingerprint, $executed_at
)

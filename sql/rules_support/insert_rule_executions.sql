-- One row per rule of the run (registered Arrow table run_execution); re-running the same run id
-- replaces them.
insert or replace into rule_execution (
    run_id, rule_id, rule_version, outcome, n_hits, amount, fund_amount, coverage, n_input_rows,
    period_start, period_end, duration_ms, error, fingerprint, executed_at
)
select
    $run_id, e.rule_id, e.rule_version, e.outcome, e.n_hits, e.amount, e.fund_amount, e.coverage,
    e.n_input_rows, $period_start, $period_end, e.duration_ms, e.error, e.fingerprint, $executed_at
from run_execution as e

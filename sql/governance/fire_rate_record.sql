-- Fire rate of every rule executed in $run_id (hits per 10 000 input rows) against the median of its
-- previous $history_runs evaluated executions (same version when $same_version_only).  Status:
-- not_evaluated (error, no input rows), no_history (< $min_history earlier runs), zero (no hit where
-- the baseline predicts ≥ $min_expected_hits), drop (rate < baseline / $drop_factor, same guard),
-- surge (≥ $min_expected_hits hits and rate > baseline × $surge_factor), else ok.
-- Re-computing a run replaces its rows.
insert or replace into rule_fire_rate (run_id, rule_id, rule_version, n_hits, n_input_rows,
    hit_rate, baseline_rate, n_history, expected_hits, status, computed_at)
with current_run as (
    select rule_id, rule_version, outcome, n_hits, n_input_rows, executed_at,
        case when outcome <> 'error' and n_input_rows > 0
             then n_hits * 1e4 / n_input_rows end as hit_rate
    from rule_execution
    where run_id = $run_id
),
history as (
    select c.rule_id, h.n_hits * 1e4 / h.n_input_rows as rate,
        row_number() over (partition by c.rule_id order by h.executed_at desc, h.run_id desc) as rn
    from current_run as c
    join rule_execution as h
        on h.rule_id = c.rule_id and h.run_id <> $run_id and h.executed_at < c.executed_at
    where h.outcome in ('hit', 'no_hit', 'degraded')
        and h.n_input_rows > 0
        and (not $same_version_only or h.rule_version = c.rule_version)
),
baseline as (
    select rule_id, median(rate) as baseline_rate, count(*)::integer as n_history
    from history
    where rn <= $history_runs
    group by rule_id
),
judged as (
    select c.*, b.baseline_rate, coalesce(b.n_history, 0) as n_history,
        b.baseline_rate * c.n_input_rows / 1e4 as expected_hits
    from current_run as c
    left join baseline as b using (rule_id)
)
select $run_id, rule_id, rule_version, n_hits, n_input_rows, hit_rate, baseline_rate, n_history,
    expected_hits,
    case
        when hit_rate is null then 'not_evaluated'
        when n_history < $min_history then 'no_history'
        when n_hits = 0 and expected_hits >= $min_expected_hits then 'zero'
        when hit_rate * $drop_factor < baseline_rate and expected_hits >= $min_expected_hits
            then 'drop'
        when n_hits >= $min_expected_hits and hit_rate > baseline_rate * $surge_factor then 'surge'
        else 'ok'
    end,
    $now
from judged

-- Per rule of the run: the range of event dates whose findings this persist changes (new hits, hits
-- whose figures or subject changed, the old dates of hits that moved, withdrawn findings) and the
-- number withdrawn; the anomaly stage re-scores those months.  Run after withdrawn_findings and
-- before the upsert.
with
changed as (
    select k.rule_id, k.event_date as new_date, f.event_date as old_date
    from run_keyed as k
    inner join run_rule as r on r.rule_id = k.rule_id
    left join finding as f on f.finding_id = k.finding_id
    where f.finding_id is null
        or (f.rule_version, f.event_date, f.vola_amt, f.fund_amt, f.psn_no, f.fixmedins_code,
            f.staff_code)
        is distinct from
        (r.rule_version, k.event_date, k.vola_amt, k.fund_amt, k.psn_no, k.fixmedins_code,
            k.staff_code)
),

dates as (
    select rule_id, new_date as d from changed
    union all
    select rule_id, old_date from changed
    union all
    select rule_id, event_date from withdrawn_finding
),

withdrawn as (
    select rule_id, count(*) as n_withdrawn
    from withdrawn_finding
    group by rule_id
)

select
    r.rule_id,
    min(d.d) as changed_from,
    max(d.d) as changed_to,
    coalesce(any_value(w.n_withdrawn), 0) as n_withdrawn
from run_rule as r
left join dates as d on d.rule_id = r.rule_id
left join withdrawn as w on w.rule_id = r.rule_id
group by r.rule_id

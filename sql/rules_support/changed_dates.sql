-- Event dates whose findings this persist changes (new hits, hits whose figures or subject changed,
-- the old dates of hits that moved, withdrawn findings): the anomaly stage re-scores those months.
-- Run after withdrawn_findings and before the upsert.
with changed as (
    select k.event_date as new_date, f.event_date as old_date
    from rule_keyed as k
    left join finding as f on f.finding_id = k.finding_id
    where f.finding_id is null
        or (f.rule_version, f.event_date, f.vola_amt, f.fund_amt, f.psn_no, f.fixmedins_code,
            f.staff_code)
        is distinct from
        ($rule_version, k.event_date, k.vola_amt, k.fund_amt, k.psn_no, k.fixmedins_code,
            k.staff_code)
),

dates as (
    select new_date as d from changed
    union all
    select old_date from changed
    union all
    select event_date from withdrawn_finding
)

select min(d) as changed_from, max(d) as changed_to,
    (select count(*) from withdrawn_finding) as n_withdrawn
from dates

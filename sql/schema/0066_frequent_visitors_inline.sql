-- fg_monthly_frequent_visitors of migration 0063, same results: the month-visit rows are inlined,
-- not materialised.  They are read twice: once whole (visit counts), once for the few hundred
-- flagged persons (distinct institutions), where re-reading the settlements costs less than
-- storing a row per (month, visit) of every person.
create or replace macro fg_monthly_frequent_visitors(kind, lookback_days, peer_percentile, min_count, period_start, period_end) as table
with
months as (
    select * from fg_months(period_start, period_end)
),

visits as (
    select psn_no, mdtrt_id, setl_time, medfee_sumamt, fixmedins_code,
        cast(setl_time as date) as setl_date
    from settlement
    where fg_visit_class(med_type) = kind
        and not refd_setl_flag
        and cast(setl_time as date) <= (select max(month_end) from months)
        and date_diff('day', cast(setl_time as date), (select min(month_end) from months))
            < lookback_days
),

month_visits as not materialized (
    select m.period, m.month_start, m.month_end, v.*
    from months as m
    inner join visits as v
        on v.setl_date <= m.month_end
        and date_diff('day', v.setl_date, m.month_end) < lookback_days
),

-- One row per (month, person, visit); a null mdtrt_id groups its settlements in one row that the
-- visit count below skips, as count(distinct mdtrt_id) does.
per_visit as (
    select
        period, psn_no, mdtrt_id,
        any_value(month_end) as month_end,
        sum(medfee_sumamt) as fee,
        max(setl_time) as last_visit,
        max(case when setl_date >= month_start then 1 else 0 end) as in_month
    from month_visits
    group by period, psn_no, mdtrt_id
),

per_person as (
    select
        period,
        any_value(month_end) as month_end,
        psn_no,
        count(mdtrt_id) as n_visits,
        sum(fee) as total_fee,
        max(last_visit) as last_visit,
        max(in_month) as in_month
    from per_visit
    group by period, psn_no
),

threshold as (
    select period, quantile_cont(n_visits, peer_percentile) as peer_threshold, count(*) as n_peers
    from per_person
    group by period
),

flagged as (
    select p.*, t.peer_threshold, t.n_peers
    from per_person as p
    inner join threshold as t on t.period = p.period
    where p.in_month = 1
        and p.n_visits > min_count
        and p.n_visits > t.peer_threshold
),

institutions as (
    select v.period, v.psn_no, count(distinct v.fixmedins_code) as n_institutions
    from month_visits as v
    semi join flagged as f on f.period = v.period and f.psn_no = v.psn_no
    group by v.period, v.psn_no
)

select
    cast(null as varchar) as setl_id,
    cast(null as varchar) as mdtrt_id,
    p.psn_no,
    cast(null as varchar) as fixmedins_code,
    cast(null as varchar) as staff_code,
    p.month_end as event_date,
    cast(0 as decimal(18, 2)) as vola_amt,
    p.period,
    p.n_visits,
    i.n_institutions,
    p.total_fee,
    p.peer_threshold,
    p.n_peers,
    lookback_days as lookback_days
from flagged as p
inner join institutions as i on i.period = p.period and i.psn_no = p.psn_no;

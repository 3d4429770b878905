-- Fixed evaluation periods for rules that judge an entity over a look-back (incremental = full).
--
-- A run evaluates the calendar months its window touches.  Month M is judged "as of" its last day:
-- only data settled up to the end of M counts, over the look-back ending that day, with the peer
-- thresholds of that month.  So a month's result depends on the data of the month and before it,
-- never on how the window was cut: N nightly runs give the same findings as one full recompute.
-- Findings carry `period` (YYYY-MM) in their key and the month's last day as event_date.
-- These replace fg_frequent_visitors / fg_institution_fee_share (migration 0023), whose look-back
-- ended at the evaluation window's end.

-- The calendar months overlapping [period_start, period_end].
create macro fg_months(period_start, period_end) as table
select
    strftime(m, '%Y-%m') as period,
    cast(m as date) as month_start,
    last_day(cast(m as date)) as month_end
from (
    select unnest(generate_series(
        date_trunc('month', cast(period_start as date)),
        date_trunc('month', cast(period_end as date)),
        interval 1 month
    )) as m
);

-- Per month M touched by [period_start, period_end]: persons with a visit of visit_class settled in
-- M whose number of visits (distinct mdtrt_id) settled in the lookback_days days ending M's last day
-- exceeds both min_count and the peer_percentile of that count over every person with such a visit
-- in that look-back.
create macro fg_monthly_frequent_visitors(kind, lookback_days, peer_percentile, min_count, period_start, period_end) as table
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

per_person as (
    select
        m.period,
        any_value(m.month_end) as month_end,
        v.psn_no,
        count(distinct v.mdtrt_id) as n_visits,
        count(distinct v.fixmedins_code) as n_institutions,
        sum(v.medfee_sumamt) as total_fee,
        max(v.setl_time) as last_visit,
        max(case when v.setl_date >= m.month_start then 1 else 0 end) as in_month
    from months as m
    inner join visits as v
        on v.setl_date <= m.month_end
        and date_diff('day', v.setl_date, m.month_end) < lookback_days
    group by m.period, v.psn_no
),

threshold as (
    select period, quantile_cont(n_visits, peer_percentile) as peer_threshold, count(*) as n_peers
    from per_person
    group by period
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
    p.n_institutions,
    p.total_fee,
    t.peer_threshold,
    t.n_peers,
    lookback_days as lookback_days
from per_person as p
inner join threshold as t on t.period = p.period
where p.in_month = 1
    and p.n_visits > min_count
    and p.n_visits > t.peer_threshold;

-- Per month M touched by [period_start, period_end]: institutions with fees settled in M whose fee
-- share of a kind ('drug', 'exam', 'consumable') over the lookback_days days ending M's last day
-- exceeds the peer_percentile of their peer group (inst_type, medins_lv) in that month, and the peer
-- median by at least min_excess, among institutions with at least min_fee of fees; groups need
-- min_peers members.  Fees are summed per institution and settle day first (cheap at city scale).
create macro fg_monthly_fee_share(kind, lookback_days, peer_percentile, min_excess, min_peers, min_fee, period_start, period_end) as table
with
months as (
    select * from fg_months(period_start, period_end)
),

daily as (
    select
        f.fixmedins_code,
        cast(s.setl_time as date) as setl_date,
        sum(f.det_item_fee_sumamt) as total_fee,
        sum(case
            when kind = 'drug' and c.list_type in ('101', '102', '103') then f.det_item_fee_sumamt
            when kind = 'exam' and c.med_chrgitm_type in ('03', '04') then f.det_item_fee_sumamt
            when kind = 'consumable' and c.list_type = '301' then f.det_item_fee_sumamt
            else 0
        end) as kind_fee
    from fee_line as f
    inner join settlement as s on s.setl_id = f.setl_id
    left join catalog_item as c
        on c.hilist_code = f.med_list_codg
        and fg_valid_on(f.fee_ocur_time, c.begndate, c.enddate)
    where cast(s.setl_time as date) <= (select max(month_end) from months)
        and date_diff('day', cast(s.setl_time as date), (select min(month_end) from months))
            < lookback_days
    group by f.fixmedins_code, cast(s.setl_time as date)
),

fees as (
    select
        m.period,
        any_value(m.month_end) as month_end,
        d.fixmedins_code,
        sum(d.total_fee) as total_fee,
        sum(d.kind_fee) as kind_fee,
        max(case when d.setl_date >= m.month_start then 1 else 0 end) as in_month
    from months as m
    inner join daily as d
        on d.setl_date <= m.month_end
        and date_diff('day', d.setl_date, m.month_end) < lookback_days
    group by m.period, d.fixmedins_code
),

shares as (
    select
        x.period, x.month_end, x.fixmedins_code, x.total_fee, x.kind_fee, x.in_month,
        m.inst_type, m.medins_lv,
        cast(x.kind_fee as double) / cast(x.total_fee as double) as fee_share
    from fees as x
    inner join institution as m on m.fixmedins_code = x.fixmedins_code
    where x.total_fee >= min_fee
),

peers as (
    select
        *,
        quantile_cont(fee_share, peer_percentile) over (partition by period, inst_type, medins_lv)
            as peer_threshold,
        median(fee_share) over (partition by period, inst_type, medins_lv) as peer_median,
        count(*) over (partition by period, inst_type, medins_lv) as n_peers
    from shares
)

select
    cast(null as varchar) as setl_id,
    cast(null as varchar) as mdtrt_id,
    cast(null as varchar) as psn_no,
    fixmedins_code,
    cast(null as varchar) as staff_code,
    month_end as event_date,
    cast(0 as decimal(18, 2)) as vola_amt,
    period,
    kind as indicator,
    round(fee_share, 4) as fee_share,
    round(peer_median, 4) as peer_median,
    round(peer_threshold, 4) as peer_threshold,
    n_peers,
    total_fee
from peers
where in_month = 1 and n_peers >= min_peers and fee_share > peer_threshold
    and fee_share >= peer_median + min_excess;

drop macro table fg_frequent_visitors;
drop macro table fg_institution_fee_share;

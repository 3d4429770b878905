-- Same results as fg_monthly_frequent_visitors of migration 0061, computed with fewer passes: visits
-- are first reduced to one row per (month, person, visit), so the visit count is a plain count and
-- no distinct aggregate is joined back; the distinct institutions are counted only for the persons
-- already above both thresholds (a few hundred, not every person with a visit).
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

month_visits as (
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

-- fg_included_item_lines of migration 0062, same results: the item codes of the pairs are filtered
-- in one IN list, which the planner applies before the settlement join (two OR-ed IN lists were
-- applied after it, joining every fee line of the window with its settlement).
create or replace macro fg_included_item_lines(kp_kind, period_start, period_end) as table
with
pairs as (
    select distinct
        kp_id,
        hilist_code as container_code,
        trim(unnest(string_split(related_codes, ';'))) as included_code,
        begndate,
        enddate
    from knowledge_point
    where kp_type = kp_kind and related_codes is not null
),

pair_codes as (
    select container_code as code from pairs
    union
    select included_code from pairs
),

coded_lines as (
    select
        f.setl_id, f.feedetl_sn, f.mdtrt_id, f.psn_no, f.fixmedins_code, f.bilg_dr_codg,
        f.med_list_codg, f.fee_ocur_time, f.det_item_fee_sumamt,
        cast(f.fee_ocur_time as date) as fee_date,
        fg_in_period(s.setl_time, period_start, period_end) as in_window
    from fee_line as f
    inner join settlement as s on s.setl_id = f.setl_id
    where f.med_list_codg in (select code from pair_codes)
),

touched_days as (
    select distinct psn_no, fixmedins_code, fee_date
    from coded_lines
    where in_window
),

day_lines as (
    select l.*
    from coded_lines as l
    semi join touched_days as t
        on t.psn_no = l.psn_no and t.fixmedins_code = l.fixmedins_code and t.fee_date = l.fee_date
)

select
    b.setl_id,
    b.feedetl_sn,
    any_value(b.mdtrt_id) as mdtrt_id,
    any_value(b.psn_no) as psn_no,
    any_value(b.fixmedins_code) as fixmedins_code,
    any_value(b.bilg_dr_codg) as staff_code,
    any_value(b.fee_date) as event_date,
    any_value(b.det_item_fee_sumamt) as vola_amt,
    any_value(b.med_list_codg) as med_list_codg,
    min(p.container_code) as container_code,
    min(p.kp_id) as kp_id,
    list(distinct {'setl_id': a.setl_id, 'feedetl_sn': a.feedetl_sn}) as related_lines
from day_lines as b
inner join pairs as p
    on p.included_code = b.med_list_codg
    and fg_valid_on(b.fee_date, p.begndate, p.enddate)
inner join day_lines as a
    on a.med_list_codg = p.container_code
    and a.psn_no = b.psn_no
    and a.fixmedins_code = b.fixmedins_code
    and a.fee_date = b.fee_date
group by b.setl_id, b.feedetl_sn;

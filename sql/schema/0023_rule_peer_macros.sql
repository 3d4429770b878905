-- Table macros for peer-percentile rules (frequent visits, institution indicators).

-- Persons with a visit of visit_class settled in [period_start, period_end] whose number of visits
-- (distinct mdtrt_id) in the lookback_days days ending period_end exceeds both min_count and the
-- peer_percentile of that count over every person with such a visit in the lookback.
create macro fg_frequent_visitors(kind, lookback_days, peer_percentile, min_count, period_start, period_end) as table
with
visits as (
    select psn_no, mdtrt_id, setl_time, medfee_sumamt, fixmedins_code
    from settlement
    where fg_visit_class(med_type) = kind
        and not refd_setl_flag
        and cast(setl_time as date) <= period_end
        and date_diff('day', cast(setl_time as date), period_end) < lookback_days
),

per_person as (
    select
        psn_no,
        count(distinct mdtrt_id) as n_visits,
        count(distinct fixmedins_code) as n_institutions,
        sum(medfee_sumamt) as total_fee,
        max(setl_time) as last_visit,
        max(case when cast(setl_time as date) >= period_start then 1 else 0 end) as in_window
    from visits
    group by psn_no
),

threshold as (
    select quantile_cont(n_visits, peer_percentile) as peer_threshold, count(*) as n_peers
    from per_person
)

select
    cast(null as varchar) as setl_id,
    cast(null as varchar) as mdtrt_id,
    p.psn_no,
    cast(null as varchar) as fixmedins_code,
    cast(null as varchar) as staff_code,
    cast(period_end as date) as event_date,
    cast(0 as decimal(18, 2)) as vola_amt,
    p.n_visits,
    p.n_institutions,
    p.total_fee,
    t.peer_threshold,
    t.n_peers,
    lookback_days as lookback_days
from per_person as p
cross join threshold as t
where p.in_window = 1
    and p.n_visits > min_count
    and p.n_visits > t.peer_threshold;

-- Institutions whose fee share of a kind ('drug', 'exam', 'consumable') over the lookback_days
-- days ending period_end exceeds the peer_percentile of their peer group (inst_type, medins_lv),
-- and the peer median by at least min_excess, among institutions with at least min_fee of fees;
-- groups need min_peers members.
create macro fg_institution_fee_share(kind, lookback_days, peer_percentile, min_excess, min_peers, min_fee, period_start, period_end) as table
with
fees as (
    select
        f.fixmedins_code,
        sum(f.det_item_fee_sumamt) as total_fee,
        sum(case
            when kind = 'drug' and c.list_type in ('101', '102', '103') then f.det_item_fee_sumamt
            when kind = 'exam' and c.med_chrgitm_type in ('03', '04') then f.det_item_fee_sumamt
            when kind = 'consumable' and c.list_type = '301' then f.det_item_fee_sumamt
            else 0
        end) as kind_fee,
        max(case when cast(s.setl_time as date) >= period_start then 1 else 0 end) as in_window
    from fee_line as f
    inner join settlement as s on s.setl_id = f.setl_id
    left join catalog_item as c
        on c.hilist_code = f.med_list_codg
        and fg_valid_on(f.fee_ocur_time, c.begndate, c.enddate)
    where cast(s.setl_time as date) <= period_end
        and date_diff('day', cast(s.setl_time as date), period_end) < lookback_days
    group by f.fixmedins_code
),

shares as (
    select
        x.fixmedins_code, x.total_fee, x.kind_fee, x.in_window, m.inst_type, m.medins_lv,
        cast(x.kind_fee as double) / cast(x.total_fee as double) as fee_share
    from fees as x
    inner join institution as m on m.fixmedins_code = x.fixmedins_code
    where x.total_fee >= min_fee
),

peers as (
    select
        *,
        quantile_cont(fee_share, peer_percentile) over (partition by inst_type, medins_lv)
            as peer_threshold,
        median(fee_share) over (partition by inst_type, medins_lv) as peer_median,
        count(*) over (partition by inst_type, medins_lv) as n_peers
    from shares
)

select
    cast(null as varchar) as setl_id,
    cast(null as varchar) as mdtrt_id,
    cast(null as varchar) as psn_no,
    fixmedins_code,
    cast(null as varchar) as staff_code,
    cast(period_end as date) as event_date,
    cast(0 as decimal(18, 2)) as vola_amt,
    kind as indicator,
    round(fee_share, 4) as fee_share,
    round(peer_median, 4) as peer_median,
    round(peer_threshold, 4) as peer_threshold,
    n_peers,
    total_fee
from peers
where in_window = 1 and n_peers >= min_peers and fee_share > peer_threshold
    and fee_share >= peer_median + min_excess;

-- 31天内非计划再入院率偏高: per institution, the share of inpatient discharges (in the lookback)
-- followed by an unplanned admission of the same person at the same institution within
-- $readmission_days days, against the peer percentile of institutions of the same type and level.
with
stays as (
    select setl_id, psn_no, fixmedins_code, begntime, endtime, setl_time, readm_plan_flag
    from settlement
    where fg_visit_class(med_type) = 'inpatient' and endtime is not null and not refd_setl_flag
        and cast(setl_time as date) <= $period_end
        and date_diff('day', cast(setl_time as date), $period_end) < $lookback_days
),

next_stay as (
    select
        a.setl_id,
        a.fixmedins_code,
        max(case when cast(a.setl_time as date) >= $period_start then 1 else 0 end) as in_window,
        max(case when b.setl_id is not null then 1 else 0 end) as readmitted
    from stays as a
    left join stays as b
        on b.psn_no = a.psn_no
        and b.fixmedins_code = a.fixmedins_code
        and b.begntime >= a.endtime
        and b.setl_id <> a.setl_id
        and not b.readm_plan_flag
        and date_diff('day', cast(a.endtime as date), cast(b.begntime as date)) <= $readmission_days
    group by a.setl_id, a.fixmedins_code
),

rates as (
    select
        n.fixmedins_code, m.inst_type, m.medins_lv,
        count(*) as n_discharges,
        sum(n.readmitted) as n_readmitted,
        max(n.in_window) as in_window,
        avg(n.readmitted) as readmission_rate
    from next_stay as n
    inner join institution as m on m.fixmedins_code = n.fixmedins_code
    group by n.fixmedins_code, m.inst_type, m.medins_lv
    having count(*) >= $min_discharges
),

peers as (
    select
        *,
        quantile_cont(readmission_rate, $peer_percentile) over (partition by inst_type, medins_lv)
            as peer_threshold,
        median(readmission_rate) over (partition by inst_type, medins_lv) as peer_median,
        count(*) over (partition by inst_type, medins_lv) as n_peers
    from rates
),

final as (
    select
        cast(null as varchar) as setl_id,
        cast(null as varchar) as mdtrt_id,
        cast(null as varchar) as psn_no,
        fixmedins_code,
        cast(null as varchar) as staff_code,
        $period_end as event_date,
        cast(0 as decimal(18, 2)) as vola_amt,
        n_discharges,
        n_readmitted,
        round(readmission_rate, 4) as readmission_rate,
        round(peer_threshold, 4) as peer_threshold,
        round(peer_median, 4) as peer_median,
        n_peers
    from peers
    where in_window = 1 and n_peers >= $min_peers and readmission_rate > peer_threshold
        and readmission_rate >= peer_median + $min_excess
)

select * from final

-- 31天内非计划再入院率偏高: per calendar month touched by the window, judged as of its last day: per
-- institution, the share of inpatient discharges (settled in the $lookback_days days ending the
-- month's last day) followed by an unplanned admission of the same person at the same institution
-- within $readmission_days days (known by the month's end, i.e. settled by then), against the peer
-- percentile of institutions of the same type and level that month.  Institutions need a discharge
-- in the month.
with
months as (
    select * from fg_months($period_start, $period_end)
),

stays as (
    select setl_id, psn_no, fixmedins_code, begntime, endtime, readm_plan_flag,
        cast(setl_time as date) as setl_date
    from settlement
    where fg_visit_class(med_type) = 'inpatient' and endtime is not null and not refd_setl_flag
        and cast(setl_time as date) <= (select max(month_end) from months)
        and date_diff('day', cast(setl_time as date), (select min(month_end) from months))
            < $lookback_days
),

next_stay as (
    select
        m.period,
        a.setl_id,
        a.fixmedins_code,
        max(case when a.setl_date >= m.month_start then 1 else 0 end) as in_month,
        max(case when b.setl_id is not null then 1 else 0 end) as readmitted
    from months as m
    inner join stays as a
        on a.setl_date <= m.month_end
        and date_diff('day', a.setl_date, m.month_end) < $lookback_days
    left join stays as b
        on b.psn_no = a.psn_no
        and b.fixmedins_code = a.fixmedins_code
        and b.begntime >= a.endtime
        and b.setl_id <> a.setl_id
        and not b.readm_plan_flag
        and b.setl_date <= m.month_end
        and date_diff('day', cast(a.endtime as date), cast(b.begntime as date)) <= $readmission_days
    group by m.period, a.setl_id, a.fixmedins_code
),

rates as (
    select
        n.period, n.fixmedins_code, m.inst_type, m.medins_lv,
        count(*) as n_discharges,
        sum(n.readmitted) as n_readmitted,
        max(n.in_month) as in_month,
        avg(n.readmitted) as readmission_rate
    from next_stay as n
    inner join institution as m on m.fixmedins_code = n.fixmedins_code
    group by n.period, n.fixmedins_code, m.inst_type, m.medins_lv
    having count(*) >= $min_discharges
),

peers as (
    select
        *,
        quantile_cont(readmission_rate, $peer_percentile)
            over (partition by period, inst_type, medins_lv) as peer_threshold,
        median(readmission_rate) over (partition by period, inst_type, medins_lv) as peer_median,
        count(*) over (partition by period, inst_type, medins_lv) as n_peers
    from rates
),

final as (
    select
        cast(null as varchar) as setl_id,
        cast(null as varchar) as mdtrt_id,
        cast(null as varchar) as psn_no,
        p.fixmedins_code,
        cast(null as varchar) as staff_code,
        m.month_end as event_date,
        cast(0 as decimal(18, 2)) as vola_amt,
        p.period,
        p.n_discharges,
        p.n_readmitted,
        round(p.readmission_rate, 4) as readmission_rate,
        round(p.peer_threshold, 4) as peer_threshold,
        round(p.peer_median, 4) as peer_median,
        p.n_peers
    from peers as p
    inner join months as m on m.period = p.period
    where p.in_month = 1 and p.n_peers >= $min_peers and p.readmission_rate > p.peer_threshold
        and p.readmission_rate >= p.peer_median + $min_excess
)

select * from final

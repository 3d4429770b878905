-- 限定频次: per person and item, quantity billed per day (knowledge point FREQ_DAY) or per stay
-- (FREQ_STAY, per mdtrt_id) beyond max_count.  Lines are counted in fee-time order; every line
-- whose running quantity exceeds the limit is a violation (its excess quantity × price).  A line is
-- re-examined when it or an earlier line of its count settled in the window (a late earlier line
-- shifts the running count), so no hit depends on the window.
with
limits as (
    select kp_id, kp_type, hilist_code, max_count, begndate, enddate
    from knowledge_point
    where kp_type in ('FREQ_DAY', 'FREQ_STAY') and max_count is not null
),

counted as (
    select
        f.setl_id, f.feedetl_sn, f.mdtrt_id, f.psn_no, f.fixmedins_code, f.bilg_dr_codg,
        f.med_list_codg, f.fee_ocur_time, f.pric, f.cnt, l.kp_id, l.kp_type, l.max_count,
        sum(f.cnt) over running as running_cnt,
        max(case when fg_in_period(s.setl_time, $period_start, $period_end) then 1 else 0 end)
            over running as touched
    from fee_line as f
    inner join limits as l
        on l.hilist_code = f.med_list_codg
        and fg_valid_on(f.fee_ocur_time, l.begndate, l.enddate)
    inner join settlement as s on s.setl_id = f.setl_id
    window running as (
        partition by
            l.kp_id, f.psn_no,
            case when l.kp_type = 'FREQ_DAY' then cast(f.fee_ocur_time as date) end,
            case when l.kp_type = 'FREQ_STAY' then f.mdtrt_id end
        order by f.fee_ocur_time, f.setl_id, f.feedetl_sn
        rows between unbounded preceding and current row
    )
),

final as (
    select
        c.setl_id,
        c.feedetl_sn,
        c.mdtrt_id,
        c.psn_no,
        c.fixmedins_code,
        c.bilg_dr_codg as staff_code,
        cast(c.fee_ocur_time as date) as event_date,
        cast(round(c.pric * least(c.cnt, c.running_cnt - c.max_count), 2) as decimal(18, 2))
            as vola_amt,
        c.med_list_codg,
        c.kp_type,
        c.max_count,
        c.running_cnt,
        c.kp_id
    from counted as c
    where c.touched = 1
        and c.running_cnt > c.max_count
)

select * from final

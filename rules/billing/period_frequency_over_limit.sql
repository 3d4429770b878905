-- 周期超频次: per person and item, quantity billed within any rolling period of period_days days
-- (knowledge point FREQ_PERIOD) beyond max_count.  For each line, the quantity of the same item
-- billed to the person in the period ending on its fee date (earlier lines and itself) is summed.
-- A line is re-examined when it or a line of its period settled in the window (an earlier line may
-- settle later, inside a stay), so no hit depends on the window.
with
limits as (
    select kp_id, hilist_code, max_count, period_days, begndate, enddate
    from knowledge_point
    where kp_type = 'FREQ_PERIOD' and max_count is not null and period_days is not null
),

item_lines as (
    select
        f.setl_id, f.feedetl_sn, f.mdtrt_id, f.psn_no, f.fixmedins_code, f.bilg_dr_codg,
        f.med_list_codg, f.fee_ocur_time, f.pric, f.cnt, l.kp_id, l.max_count, l.period_days,
        fg_in_period(s.setl_time, $period_start, $period_end) as in_window
    from fee_line as f
    inner join limits as l
        on l.hilist_code = f.med_list_codg
        and fg_valid_on(f.fee_ocur_time, l.begndate, l.enddate)
    inner join settlement as s on s.setl_id = f.setl_id
),

counted as (
    select
        a.setl_id, a.feedetl_sn,
        any_value(a.mdtrt_id) as mdtrt_id,
        any_value(a.psn_no) as psn_no,
        any_value(a.fixmedins_code) as fixmedins_code,
        any_value(a.bilg_dr_codg) as bilg_dr_codg,
        any_value(a.med_list_codg) as med_list_codg,
        any_value(a.fee_ocur_time) as fee_ocur_time,
        any_value(a.pric) as pric,
        any_value(a.cnt) as cnt,
        any_value(a.kp_id) as kp_id,
        any_value(a.max_count) as max_count,
        any_value(a.period_days) as period_days,
        sum(b.cnt) as period_cnt,
        bool_or(b.in_window) as touched
    from item_lines as a
    inner join item_lines as b
        on b.psn_no = a.psn_no
        and b.kp_id = a.kp_id
        and (b.fee_ocur_time, b.setl_id, b.feedetl_sn) <= (a.fee_ocur_time, a.setl_id, a.feedetl_sn)
        and date_diff('day', cast(b.fee_ocur_time as date), cast(a.fee_ocur_time as date))
            < a.period_days
    group by a.setl_id, a.feedetl_sn
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
        cast(round(c.pric * least(c.cnt, c.period_cnt - c.max_count), 2) as decimal(18, 2))
            as vola_amt,
        c.med_list_codg,
        c.max_count,
        c.period_days,
        c.period_cnt,
        c.kp_id
    from counted as c
    where c.touched
        and c.period_cnt > c.max_count
)

select * from final

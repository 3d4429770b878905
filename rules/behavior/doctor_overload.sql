-- 医师超工作量: per calendar month touched by the window, judged as of its last day: doctors
-- (settlement dr_codg) whose busiest day of the month saw more distinct patients than both
-- $min_daily_patients and the $peer_percentile of all doctor-days in the $lookback_days days ending
-- the month's last day.  Patients are counted by visit (begin) date among settlements settled by
-- the month's end, so the month's result does not depend on when later data arrives.
with
months as (
    select * from fg_months($period_start, $period_end)
),

visits as (
    select dr_codg, psn_no, fixmedins_code, cast(begntime as date) as visit_date,
        cast(setl_time as date) as setl_date
    from settlement
    where dr_codg is not null
        and cast(begntime as date) <= (select max(month_end) from months)
        and date_diff('day', cast(begntime as date), (select min(month_end) from months))
            < $lookback_days
),

-- One row per (month, doctor, day, patient) first, so the day's patients are a plain count (a
-- distinct count beside min() is planned as two aggregates joined back).
doctor_patient_days as (
    select m.period, v.dr_codg, v.visit_date, v.psn_no,
        any_value(m.month_start) as month_start,
        min(v.fixmedins_code) as fixmedins_code
    from months as m
    inner join visits as v
        on v.setl_date <= m.month_end
        and v.visit_date <= m.month_end
        and date_diff('day', v.visit_date, m.month_end) < $lookback_days
    group by m.period, v.dr_codg, v.visit_date, v.psn_no
),

doctor_days as (
    select
        period,
        any_value(month_start) as month_start,
        dr_codg,
        visit_date,
        count(*) as n_patients,
        min(fixmedins_code) as fixmedins_code
    from doctor_patient_days
    group by period, dr_codg, visit_date
),

threshold as (
    select period, quantile_cont(n_patients, $peer_percentile) as peer_threshold,
        count(*) as n_doctor_days
    from doctor_days
    group by period
),

final as (
    select
        cast(null as varchar) as setl_id,
        cast(null as varchar) as mdtrt_id,
        cast(null as varchar) as psn_no,
        arg_max(d.fixmedins_code, {'n': d.n_patients, 'd': d.visit_date}) as fixmedins_code,
        d.dr_codg as staff_code,
        arg_max(d.visit_date, {'n': d.n_patients, 'd': d.visit_date}) as event_date,
        cast(0 as decimal(18, 2)) as vola_amt,
        d.period,
        max(d.n_patients) as max_daily_patients,
        count(*) filter (where d.n_patients > t.peer_threshold) as n_overload_days,
        any_value(t.peer_threshold) as peer_threshold
    from doctor_days as d
    inner join threshold as t on t.period = d.period
    where d.visit_date >= d.month_start
    group by d.period, d.dr_codg
    having max(d.n_patients) > greatest(any_value(t.peer_threshold), $min_daily_patients)
)

select * from final

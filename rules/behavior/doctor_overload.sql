-- 医师超工作量: doctors (settlement dr_codg) whose busiest day in the window saw more distinct
-- patients than both $min_daily_patients and the $peer_percentile of all doctor-days in the
-- $lookback_days days ending the window end.
with
doctor_days as (
    select
        dr_codg,
        cast(begntime as date) as visit_date,
        count(distinct psn_no) as n_patients,
        any_value(fixmedins_code) as fixmedins_code
    from settlement
    where dr_codg is not null
        and cast(begntime as date) <= $period_end
        and date_diff('day', cast(begntime as date), $period_end) < $lookback_days
    group by dr_codg, cast(begntime as date)
),

threshold as (
    select quantile_cont(n_patients, $peer_percentile) as peer_threshold, count(*) as n_doctor_days
    from doctor_days
),

final as (
    select
        cast(null as varchar) as setl_id,
        cast(null as varchar) as mdtrt_id,
        cast(null as varchar) as psn_no,
        any_value(d.fixmedins_code) as fixmedins_code,
        d.dr_codg as staff_code,
        arg_max(d.visit_date, d.n_patients) as event_date,
        cast(0 as decimal(18, 2)) as vola_amt,
        max(d.n_patients) as max_daily_patients,
        count(*) filter (where d.n_patients > t.peer_threshold) as n_overload_days,
        any_value(t.peer_threshold) as peer_threshold
    from doctor_days as d
    cross join threshold as t
    where d.visit_date >= $period_start
    group by d.dr_codg
    having max(d.n_patients) > greatest(any_value(t.peer_threshold), $min_daily_patients)
)

select * from final

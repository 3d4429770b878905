-- 住院期间门诊或药店结算: an outpatient or pharmacy settlement of a person dated strictly between
-- the admission date and the discharge date of one of their inpatient stays (any institution).
-- A stay settles at discharge, usually after the visits it covers: the window re-examines visits
-- settled in it and the visits during stays settled in it, so no hit depends on the window.
with
stays as (
    select setl_id, psn_no, fixmedins_code, begntime, endtime,
        fg_in_period(setl_time, $period_start, $period_end) as in_window
    from settlement
    where fg_visit_class(med_type) = 'inpatient' and endtime is not null and not refd_setl_flag
),

visits as (
    select setl_id, mdtrt_id, psn_no, fixmedins_code, dr_codg, med_type, setl_time, medfee_sumamt,
        fg_in_period(setl_time, $period_start, $period_end) as in_window
    from settlement
    where fg_visit_class(med_type) in ('outpatient', 'pharmacy')
        and not refd_setl_flag
        and (
            fg_in_period(setl_time, $period_start, $period_end)
            or psn_no in (select psn_no from stays where in_window)
        )
),

final as (
    select
        v.setl_id,
        any_value(v.mdtrt_id) as mdtrt_id,
        any_value(v.psn_no) as psn_no,
        any_value(v.fixmedins_code) as fixmedins_code,
        any_value(v.dr_codg) as staff_code,
        cast(any_value(v.setl_time) as date) as event_date,
        any_value(v.medfee_sumamt) as vola_amt,
        any_value(v.med_type) as med_type,
        min(s.setl_id) as stay_setl_id,
        min(s.fixmedins_code) as stay_fixmedins_code,
        min(s.begntime) as stay_begin,
        max(s.endtime) as stay_end
    from visits as v
    inner join stays as s
        on s.psn_no = v.psn_no
        and cast(v.setl_time as date) > cast(s.begntime as date)
        and cast(v.setl_time as date) < cast(s.endtime as date)
    group by v.setl_id
    having bool_or(v.in_window or s.in_window)
)

select * from final

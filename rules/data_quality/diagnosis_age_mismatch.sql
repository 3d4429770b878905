-- 诊断与年龄不符: a settlement whose main or other diagnosis starts with a prefix limited to an age
-- range (knowledge point DX_AGE, age in days) for a patient outside it at admission.
with
final as (
    select
        d.setl_id,
        any_value(d.mdtrt_id) as mdtrt_id,
        any_value(d.psn_no) as psn_no,
        any_value(d.fixmedins_code) as fixmedins_code,
        any_value(d.dr_codg) as staff_code,
        cast(any_value(d.setl_time) as date) as event_date,
        cast(0 as decimal(18, 2)) as vola_amt,
        min(d.diag_code) as diag_code,
        min(fg_age_days(i.brdy, d.begntime)) as patient_age_days,
        min(d.min_age_days) as min_age_days,
        max(d.max_age_days) as max_age_days,
        min(d.kp_id) as kp_id
    from fg_restricted_diagnoses('DX_AGE', $period_start, $period_end) as d
    inner join insured as i on i.psn_no = d.psn_no
    where (d.min_age_days is not null or d.max_age_days is not null)
        and (
            fg_age_days(i.brdy, d.begntime) < d.min_age_days
            or fg_age_days(i.brdy, d.begntime) > d.max_age_days
        )
    group by d.setl_id
)

select * from final

-- 诊断与年龄不符: a settlement whose main or other diagnosis starts with a prefix limited to an age
-- range (knowledge point DX_AGE, age in days) for a patient outside it at admission.
with
restriction as (
    select kp_id, hilist_code as dx_prefix, min_age_days, max_age_days, begndate, enddate
    from knowledge_point
    where kp_type = 'DX_AGE' and (min_age_days is not null or max_age_days is not null)
),

diagnoses as (
    select * from fg_settlement_diagnoses($period_start, $period_end)
),

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
        min(r.min_age_days) as min_age_days,
        max(r.max_age_days) as max_age_days,
        min(r.kp_id) as kp_id
    from diagnoses as d
    inner join restriction as r
        on starts_with(d.diag_code, r.dx_prefix)
        and fg_valid_on(d.begntime, r.begndate, r.enddate)
    inner join insured as i on i.psn_no = d.psn_no
    where (
            fg_age_days(i.brdy, d.begntime) < r.min_age_days
            or fg_age_days(i.brdy, d.begntime) > r.max_age_days
        )
    group by d.setl_id
)

select * from final

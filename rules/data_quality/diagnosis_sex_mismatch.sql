-- 诊断与性别不符: a settlement whose main or other diagnosis starts with a prefix restricted to one
-- sex (knowledge point DX_SEX: hilist_code = ICD-10 prefix, sex) for a patient of the other sex.
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
        any_value(i.gend) as patient_gend,
        min(d.sex) as allowed_sex,
        min(d.kp_id) as kp_id
    from fg_restricted_diagnoses('DX_SEX', $period_start, $period_end) as d
    inner join insured as i on i.psn_no = d.psn_no
    where d.sex is not null and i.gend <> d.sex
    group by d.setl_id
)

select * from final

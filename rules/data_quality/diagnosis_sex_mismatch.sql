-- 诊断与性别不符: a settlement whose main or other diagnosis starts with a prefix restricted to one
-- sex (knowledge point DX_SEX: hilist_code = ICD-10 prefix, sex) for a patient of the other sex.
with
restriction as (
    select kp_id, hilist_code as dx_prefix, sex, begndate, enddate
    from knowledge_point
    where kp_type = 'DX_SEX' and sex is not null
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
        any_value(i.gend) as patient_gend,
        min(r.sex) as allowed_sex,
        min(r.kp_id) as kp_id
    from diagnoses as d
    inner join restriction as r
        on starts_with(d.diag_code, r.dx_prefix)
        and fg_valid_on(d.begntime, r.begndate, r.enddate)
    inner join insured as i on i.psn_no = d.psn_no
    where i.gend <> r.sex
    group by d.setl_id
)

select * from final

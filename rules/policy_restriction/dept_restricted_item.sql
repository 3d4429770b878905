-- 限科室: an item restricted to some departments (knowledge point DEPT) ordered by another
-- department (bilg_dept_codg).
with
final as (
    select
        setl_id,
        feedetl_sn,
        mdtrt_id,
        psn_no,
        fixmedins_code,
        staff_code,
        event_date,
        line_amt as vola_amt,
        med_list_codg,
        bilg_dept_codg,
        kp_dept_codes as allowed_depts,
        kp_id
    from fg_kp_lines('DEPT', $period_start, $period_end)
    where kp_dept_codes is not null and bilg_dept_codg is not null
        and not fg_in_codes(bilg_dept_codg, kp_dept_codes)
)

select * from final

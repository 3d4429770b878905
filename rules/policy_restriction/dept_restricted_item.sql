-- 限科室: an item restricted to some departments (knowledge point DEPT, dept_codes list) ordered by
-- another department (bilg_dept_codg).
with
restriction as (
    select kp_id, hilist_code, dept_codes, begndate, enddate
    from knowledge_point
    where kp_type = 'DEPT' and dept_codes is not null
),

final as (
    select
        f.setl_id,
        f.feedetl_sn,
        f.mdtrt_id,
        f.psn_no,
        f.fixmedins_code,
        f.bilg_dr_codg as staff_code,
        cast(f.fee_ocur_time as date) as event_date,
        f.det_item_fee_sumamt as vola_amt,
        f.med_list_codg,
        f.bilg_dept_codg,
        r.dept_codes as allowed_depts,
        r.kp_id
    from fee_line as f
    inner join restriction as r
        on r.hilist_code = f.med_list_codg
        and fg_valid_on(f.fee_ocur_time, r.begndate, r.enddate)
    inner join settlement as s on s.setl_id = f.setl_id
    where fg_in_period(s.setl_time, $period_start, $period_end)
        and f.bilg_dept_codg is not null
        and not fg_in_codes(f.bilg_dept_codg, r.dept_codes)
)

select * from final

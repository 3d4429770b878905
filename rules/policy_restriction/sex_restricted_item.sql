-- 限性别: a drug/service/consumable restricted to one sex (knowledge point SEX) billed for a patient
-- of the other sex.  One hit per offending fee line; anchored on the settle date.
with
restriction as (
    select kp_id, hilist_code, sex, begndate, enddate
    from knowledge_point
    where kp_type = 'SEX' and sex is not null
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
        i.gend as patient_gend,
        r.sex as allowed_sex,
        r.kp_id
    from fee_line as f
    inner join restriction as r
        on r.hilist_code = f.med_list_codg
        and fg_valid_on(f.fee_ocur_time, r.begndate, r.enddate)
    inner join settlement as s on s.setl_id = f.setl_id
    inner join insured as i on i.psn_no = f.psn_no
    where fg_in_period(s.setl_time, $period_start, $period_end)
        and i.gend <> r.sex
)

select * from final

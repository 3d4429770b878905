-- 限年龄(新生儿/儿童/成人): an item with age bounds (knowledge point AGE, in days) billed for a patient
-- whose age on the fee date is outside them.  One hit per offending fee line.
with
restriction as (
    select kp_id, hilist_code, min_age_days, max_age_days, begndate, enddate
    from knowledge_point
    where kp_type = 'AGE' and (min_age_days is not null or max_age_days is not null)
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
        fg_age_days(i.brdy, f.fee_ocur_time) as patient_age_days,
        r.min_age_days,
        r.max_age_days,
        r.kp_id
    from fee_line as f
    inner join restriction as r
        on r.hilist_code = f.med_list_codg
        and fg_valid_on(f.fee_ocur_time, r.begndate, r.enddate)
    inner join settlement as s on s.setl_id = f.setl_id
    inner join insured as i on i.psn_no = f.psn_no
    where fg_in_period(s.setl_time, $period_start, $period_end)
        and (
            fg_age_days(i.brdy, f.fee_ocur_time) < r.min_age_days
            or fg_age_days(i.brdy, f.fee_ocur_time) > r.max_age_days
        )
)

select * from final

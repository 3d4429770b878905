-- 限年龄(新生儿/儿童/成人): an item with age bounds (knowledge point AGE, in days) billed for a
-- patient whose age on the fee date is outside them.
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
        fg_age_days(brdy, fee_ocur_time) as patient_age_days,
        min_age_days,
        max_age_days,
        kp_id
    from fg_kp_lines('AGE', $period_start, $period_end)
    where fg_age_days(brdy, fee_ocur_time) < min_age_days
        or fg_age_days(brdy, fee_ocur_time) > max_age_days
)

select * from final

-- 限性别: an item restricted to one sex (knowledge point SEX) billed for a patient of the
-- other sex.  One hit per offending fee line; anchored on the settle date.
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
        gend as patient_gend,
        kp_sex as allowed_sex,
        kp_id
    from fg_kp_lines('SEX', $period_start, $period_end)
    where kp_sex is not null and gend <> kp_sex
)

select * from final

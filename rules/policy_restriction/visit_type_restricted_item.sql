-- 限就医方式: an item allowed only for some visit types (knowledge point MED_TYPE) billed on a
-- settlement of another med_type (e.g. 限住院 item on an outpatient or pharmacy claim).
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
        med_type,
        kp_med_types as allowed_med_types,
        kp_id
    from fg_kp_lines('MED_TYPE', $period_start, $period_end)
    where kp_med_types is not null and not fg_in_codes(med_type, kp_med_types)
)

select * from final

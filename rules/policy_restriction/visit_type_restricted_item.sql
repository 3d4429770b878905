-- 限就医方式: an item allowed only for some visit types (knowledge point MED_TYPE, med_types list)
-- billed on a settlement of another med_type (e.g. 限住院 item on an outpatient or pharmacy claim).
with
restriction as (
    select kp_id, hilist_code, med_types, begndate, enddate
    from knowledge_point
    where kp_type = 'MED_TYPE' and med_types is not null
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
        s.med_type,
        r.med_types as allowed_med_types,
        r.kp_id
    from fee_line as f
    inner join restriction as r
        on r.hilist_code = f.med_list_codg
        and fg_valid_on(f.fee_ocur_time, r.begndate, r.enddate)
    inner join settlement as s on s.setl_id = f.setl_id
    where fg_in_period(s.setl_time, $period_start, $period_end)
        and not fg_in_codes(s.med_type, r.med_types)
)

select * from final

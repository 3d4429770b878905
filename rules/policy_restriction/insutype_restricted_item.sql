-- 限险种(限生育保险/工伤保险): an item payable only under some insurance types (knowledge point
-- INSUTYPE, insutypes list) settled under another insurance type.
with
restriction as (
    select kp_id, hilist_code, insutypes, begndate, enddate
    from knowledge_point
    where kp_type = 'INSUTYPE' and insutypes is not null
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
        s.insutype,
        r.insutypes as allowed_insutypes,
        r.kp_id
    from fee_line as f
    inner join restriction as r
        on r.hilist_code = f.med_list_codg
        and fg_valid_on(f.fee_ocur_time, r.begndate, r.enddate)
    inner join settlement as s on s.setl_id = f.setl_id
    where fg_in_period(s.setl_time, $period_start, $period_end)
        and not fg_in_codes(s.insutype, r.insutypes)
)

select * from final

-- 限险种(限生育/工伤保险): an item payable only under some insurance types (knowledge point
-- INSUTYPE) settled under another insurance type.
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
        insutype,
        kp_insutypes as allowed_insutypes,
        kp_id
    from fg_kp_lines('INSUTYPE', $period_start, $period_end)
    where kp_insutypes is not null and not fg_in_codes(insutype, kp_insutypes)
)

select * from final

-- 暂停/终止支付资格人员仍开单: a fee line ordered (bilg_dr_codg) by a staff member whose medical-
-- insurance payment status on the fee date is 暂停 (2) or 终止 (3).
with
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
        st.status as staff_status,
        st.begin_date as status_begin,
        st.end_date as status_end
    from fee_line as f
    inner join staff_status as st
        on st.psn_code = f.bilg_dr_codg
        and st.status in ('2', '3')
        and cast(f.fee_ocur_time as date) >= st.begin_date
        and (st.end_date is null or cast(f.fee_ocur_time as date) <= st.end_date)
    inner join settlement as s on s.setl_id = f.setl_id
    where fg_in_period(s.setl_time, $period_start, $period_end)
)

select * from final

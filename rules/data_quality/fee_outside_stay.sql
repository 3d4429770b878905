-- 计费日期与住院时间不符: a fee line of an inpatient settlement whose fee date is before the
-- admission date or after the discharge date (date granularity).
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
        f.fee_ocur_time,
        s.begntime as admission_time,
        s.endtime as discharge_time
    from fee_line as f
    inner join settlement as s on s.setl_id = f.setl_id
    where fg_in_period(s.setl_time, $period_start, $period_end)
        and fg_visit_class(s.med_type) = 'inpatient'
        and s.endtime is not null
        and (
            cast(f.fee_ocur_time as date) < cast(s.begntime as date)
            or cast(f.fee_ocur_time as date) > cast(s.endtime as date)
        )
)

select * from final

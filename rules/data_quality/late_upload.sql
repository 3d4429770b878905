-- 就诊数据非实时上传: a settlement uploaded more than $max_upload_hours hours after settlement.
with
final as (
    select
        setl_id,
        mdtrt_id,
        psn_no,
        fixmedins_code,
        dr_codg as staff_code,
        cast(setl_time as date) as event_date,
        cast(0 as decimal(18, 2)) as vola_amt,
        setl_time,
        upload_time,
        date_diff('hour', setl_time, upload_time) as upload_lag_hours
    from settlement
    where fg_in_period(setl_time, $period_start, $period_end)
        and date_diff('minute', setl_time, upload_time) > $max_upload_hours * 60
)

select * from final

-- 限最大支付天数: a drug line whose days of supply (prd_days) exceed the knowledge point
-- MAX_DAYS limit.  The excess share of the line amount is the violation amount.
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
        cast(round(line_amt * (prd_days - max_days) / prd_days, 2) as decimal(18, 2)) as vola_amt,
        med_list_codg,
        prd_days,
        max_days,
        kp_id
    from fg_kp_lines('MAX_DAYS', $period_start, $period_end)
    where prd_days > max_days
)

select * from final

-- 限最大支付天数: a drug line whose days of supply (prd_days) exceed the knowledge point MAX_DAYS
-- limit.  The excess share of the line amount is the violation amount.
with
restriction as (
    select kp_id, hilist_code, max_days, begndate, enddate
    from knowledge_point
    where kp_type = 'MAX_DAYS' and max_days is not null
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
        cast(round(f.det_item_fee_sumamt * (f.prd_days - r.max_days) / f.prd_days, 2)
            as decimal(18, 2)) as vola_amt,
        f.med_list_codg,
        f.prd_days,
        r.max_days,
        r.kp_id
    from fee_line as f
    inner join restriction as r
        on r.hilist_code = f.med_list_codg
        and fg_valid_on(f.fee_ocur_time, r.begndate, r.enddate)
    inner join settlement as s on s.setl_id = f.setl_id
    where fg_in_period(s.setl_time, $period_start, $period_end)
        and f.prd_days > r.max_days
)

select * from final

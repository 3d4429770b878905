-- Fees per institution and settle day, in total and per fee-share indicator (drug: list types 101-103;
-- exam: charge item types 03/04; consumable: list type 301), over the settle days the indicators of
-- the window look back on: up to the last month end of the window, $lookback_days days back from its
-- first month end.  Read by fg_monthly_fee_share (migration 0064) for inst_drug_share_high,
-- inst_exam_share_high and inst_consumable_share_high: one pass over the fee lines per run.
with
months as (
    select * from fg_months($period_start, $period_end)
)

select
    f.fixmedins_code,
    cast(s.setl_time as date) as setl_date,
    sum(f.det_item_fee_sumamt) as total_fee,
    sum(case when c.is_drug then f.det_item_fee_sumamt else 0 end) as drug_fee,
    sum(case when c.is_exam then f.det_item_fee_sumamt else 0 end) as exam_fee,
    sum(case when c.is_consumable then f.det_item_fee_sumamt else 0 end) as consumable_fee
from fee_line as f
inner join settlement as s on s.setl_id = f.setl_id
left join (
    -- the indicator classes per catalog row (thousands of rows), not per fee line (millions)
    select hilist_code, begndate, enddate,
        list_type in ('101', '102', '103') as is_drug,
        med_chrgitm_type in ('03', '04') as is_exam,
        list_type = '301' as is_consumable
    from catalog_item
) as c
    on c.hilist_code = f.med_list_codg
    and fg_valid_on(f.fee_ocur_time, c.begndate, c.enddate)
where cast(s.setl_time as date) <= (select max(month_end) from months)
    and date_diff('day', cast(s.setl_time as date), (select min(month_end) from months))
        < $lookback_days
group by f.fixmedins_code, cast(s.setl_time as date)

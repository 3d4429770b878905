-- 药品/耗材进销存异常: per institution and item, quantity sold in the window (the larger of reported
-- sales 3505 − sales returns 3506 and quantity settled on fee lines) exceeds the stock available:
-- the last stock count (3501) before the window + purchases (3503) − purchase returns (3504)
-- + stock adjustments (3502, signed) up to the window end, by more than $tolerance_ratio.
-- Only items the institution reports inventory for are judged.
with
opening as (
    select
        fixmedins_code, med_list_codg,
        arg_max(cnt, inv_chg_time) as opening_cnt,
        max(inv_chg_time) as counted_at
    from inventory_movement
    where inv_chg_type = '3501' and cast(inv_chg_time as date) < $period_start
    group by fixmedins_code, med_list_codg
),

movements as (
    select
        m.fixmedins_code,
        m.med_list_codg,
        sum(case when m.inv_chg_type = '3503' then m.cnt else 0 end) as purchased,
        sum(case when m.inv_chg_type = '3504' then m.cnt else 0 end) as purchase_returned,
        sum(case when m.inv_chg_type = '3502' then m.cnt else 0 end) as adjusted,
        sum(case when m.inv_chg_type = '3505' and cast(m.inv_chg_time as date) >= $period_start
            then m.cnt else 0 end) as reported_sold,
        sum(case when m.inv_chg_type = '3506' and cast(m.inv_chg_time as date) >= $period_start
            then m.cnt else 0 end) as sales_returned
    from inventory_movement as m
    left join opening as o
        on o.fixmedins_code = m.fixmedins_code and o.med_list_codg = m.med_list_codg
    where cast(m.inv_chg_time as date) <= $period_end
        and (o.counted_at is null or m.inv_chg_time > o.counted_at)
    group by m.fixmedins_code, m.med_list_codg
),

settled as (
    select f.fixmedins_code, f.med_list_codg, sum(f.cnt) as settled_cnt,
        sum(f.det_item_fee_sumamt) as settled_amt
    from fee_line as f
    inner join movements as m
        on m.fixmedins_code = f.fixmedins_code and m.med_list_codg = f.med_list_codg
    inner join settlement as s on s.setl_id = f.setl_id
    where fg_in_period(s.setl_time, $period_start, $period_end)
    group by f.fixmedins_code, f.med_list_codg
),

balance as (
    select
        m.fixmedins_code,
        m.med_list_codg,
        coalesce(o.opening_cnt, 0) as opening_cnt,
        m.purchased, m.purchase_returned, m.adjusted,
        coalesce(o.opening_cnt, 0) + m.purchased - m.purchase_returned + m.adjusted as available_cnt,
        greatest(m.reported_sold - m.sales_returned, coalesce(t.settled_cnt, 0)) as sold_cnt,
        coalesce(t.settled_cnt, 0) as settled_cnt,
        coalesce(t.settled_amt, 0) as settled_amt
    from movements as m
    left join opening as o
        on o.fixmedins_code = m.fixmedins_code and o.med_list_codg = m.med_list_codg
    left join settled as t
        on t.fixmedins_code = m.fixmedins_code and t.med_list_codg = m.med_list_codg
),

final as (
    select
        cast(null as varchar) as setl_id,
        cast(null as varchar) as mdtrt_id,
        cast(null as varchar) as psn_no,
        fixmedins_code,
        cast(null as varchar) as staff_code,
        $period_end as event_date,
        cast(case when settled_cnt > 0
            then round(settled_amt * (sold_cnt - available_cnt) / settled_cnt, 2)
            else 0 end as decimal(18, 2)) as vola_amt,
        med_list_codg,
        opening_cnt,
        purchased,
        purchase_returned,
        adjusted,
        available_cnt,
        sold_cnt,
        settled_cnt
    from balance
    where sold_cnt > available_cnt * (1 + $tolerance_ratio)
)

select * from final

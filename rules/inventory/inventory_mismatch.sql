-- 药品/耗材进销存异常: per calendar month touched by the window, per institution and item: the
-- quantity sold in the month (the larger of reported sales 3505 − sales returns 3506 and the quantity
-- settled on fee lines) exceeds the stock available for the month, by more than $tolerance_ratio.
-- Available = the last stock count (3501, closing stock of its day) before the month, or 0 without
-- one, + purchases (3503) − purchase returns (3504) + adjustments (3502, signed) after the count up
-- to the month's end − what was sold after the count before the month (same larger-of measure).
-- Only items the institution reports inventory for are judged.  Movements by day, fee lines by
-- settle day; a month is judged on the data up to its last day, whatever the evaluation window.
with
months as (
    select * from fg_months($period_start, $period_end)
),

judged as (
    select distinct fixmedins_code, med_list_codg
    from inventory_movement
),

last_count as (
    select
        m.period,
        c.fixmedins_code,
        c.med_list_codg,
        arg_max(c.cnt, c.inv_chg_time) as opening_cnt,
        cast(max(c.inv_chg_time) as date) as count_date
    from months as m
    inner join inventory_movement as c
        on c.inv_chg_type = '3501' and cast(c.inv_chg_time as date) < m.month_start
    group by m.period, c.fixmedins_code, c.med_list_codg
),

movement_days as (
    select
        fixmedins_code, med_list_codg, cast(inv_chg_time as date) as day,
        sum(case when inv_chg_type = '3503' then cnt else 0 end) as purchased,
        sum(case when inv_chg_type = '3504' then cnt else 0 end) as purchase_returned,
        sum(case when inv_chg_type = '3502' then cnt else 0 end) as adjusted,
        sum(case when inv_chg_type = '3505' then cnt when inv_chg_type = '3506' then -cnt else 0 end)
            as reported_sold,
        0 as settled_cnt,
        0 as settled_amt
    from inventory_movement
    where inv_chg_type <> '3501'
        and cast(inv_chg_time as date) <= (select max(month_end) from months)
    group by fixmedins_code, med_list_codg, cast(inv_chg_time as date)
),

settled_days as (
    select
        f.fixmedins_code, f.med_list_codg, cast(s.setl_time as date) as day,
        0 as purchased, 0 as purchase_returned, 0 as adjusted, 0 as reported_sold,
        sum(f.cnt) as settled_cnt,
        sum(f.det_item_fee_sumamt) as settled_amt
    from (
        -- lines of judged items first (a fifth of all lines), then their settle times
        select l.* from fee_line as l
        semi join judged as j
            on j.fixmedins_code = l.fixmedins_code and j.med_list_codg = l.med_list_codg
    ) as f
    inner join settlement as s on s.setl_id = f.setl_id
    where cast(s.setl_time as date) <= (select max(month_end) from months)
    group by f.fixmedins_code, f.med_list_codg, cast(s.setl_time as date)
),

days as (
    select * from movement_days
    union all
    select * from settled_days
),

balance as (
    select
        m.period,
        any_value(m.month_end) as month_end,
        d.fixmedins_code,
        d.med_list_codg,
        coalesce(any_value(c.opening_cnt), 0) as opening_cnt,
        sum(d.purchased) as purchased,
        sum(d.purchase_returned) as purchase_returned,
        sum(d.adjusted) as adjusted,
        greatest(
            sum(case when d.day < m.month_start then d.reported_sold else 0 end),
            sum(case when d.day < m.month_start then d.settled_cnt else 0 end)
        ) as sold_before,
        greatest(
            sum(case when d.day >= m.month_start then d.reported_sold else 0 end),
            sum(case when d.day >= m.month_start then d.settled_cnt else 0 end)
        ) as sold_cnt,
        sum(case when d.day >= m.month_start then d.settled_cnt else 0 end) as settled_cnt,
        sum(case when d.day >= m.month_start then d.settled_amt else 0 end) as settled_amt
    from months as m
    inner join days as d on d.day <= m.month_end
    left join last_count as c
        on c.period = m.period
        and c.fixmedins_code = d.fixmedins_code
        and c.med_list_codg = d.med_list_codg
    where c.count_date is null or d.day > c.count_date
    group by m.period, d.fixmedins_code, d.med_list_codg
),

judged_balance as (
    select
        *,
        opening_cnt + purchased - purchase_returned + adjusted - sold_before as available_cnt
    from balance
),

final as (
    select
        cast(null as varchar) as setl_id,
        cast(null as varchar) as mdtrt_id,
        cast(null as varchar) as psn_no,
        fixmedins_code,
        cast(null as varchar) as staff_code,
        month_end as event_date,
        cast(case when settled_cnt > 0
            then round(settled_amt * least(sold_cnt - greatest(available_cnt, 0), settled_cnt)
                / settled_cnt, 2)
            else 0 end as decimal(18, 2)) as vola_amt,
        period,
        med_list_codg,
        opening_cnt,
        purchased,
        purchase_returned,
        adjusted,
        sold_before,
        available_cnt,
        sold_cnt,
        settled_cnt
    from judged_balance
    where sold_cnt > 0 and sold_cnt > available_cnt * (1 + $tolerance_ratio)
)

select * from final

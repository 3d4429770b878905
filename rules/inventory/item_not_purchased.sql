-- 串换药品耗材(未采购即销售): a line settled by an institution that reports inventory, for an item
-- that institution never purchased (3503) nor counted in stock (3501) up to the fee date.
with
reporting as (
    select distinct fixmedins_code
    from inventory_movement
),

first_supply as (
    select fixmedins_code, med_list_codg, min(inv_chg_time) as first_supplied
    from inventory_movement
    where inv_chg_type in ('3501', '3503') and cnt > 0
    group by fixmedins_code, med_list_codg
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
        c.list_type,
        p.first_supplied
    from fee_line as f
    inner join reporting as r on r.fixmedins_code = f.fixmedins_code
    inner join settlement as s on s.setl_id = f.setl_id
    inner join catalog_item as c
        on c.hilist_code = f.med_list_codg
        and c.list_type in ('101', '102', '103', '301')
        and fg_valid_on(f.fee_ocur_time, c.begndate, c.enddate)
    left join first_supply as p
        on p.fixmedins_code = f.fixmedins_code and p.med_list_codg = f.med_list_codg
    where fg_in_period(s.setl_time, $period_start, $period_end)
        and (p.first_supplied is null or p.first_supplied > f.fee_ocur_time)
)

select * from final

-- 超限定单价: unit price above the payment cap (price_cap) for the institution's level (or '*'),
-- valid on the fee date; a level-specific cap wins over the all-levels one.  Excess × quantity.
-- A line can only exceed its applicable cap if it exceeds the lowest cap of its item for its
-- institution's level (any validity), so only those candidates are ranked against their caps.
with
cap_floor as (
    select l.medins_lv, c.hilist_code, min(c.pric_uplmt_amt) as min_cap
    from price_cap as c
    inner join (select distinct medins_lv from institution) as l
        on c.medins_lv = l.medins_lv or c.medins_lv = '*'
    group by l.medins_lv, c.hilist_code
),

candidates as (
    select
        f.setl_id, f.feedetl_sn, f.mdtrt_id, f.psn_no, f.fixmedins_code, f.bilg_dr_codg,
        f.fee_ocur_time, f.med_list_codg, f.pric, f.cnt, m.medins_lv
    from fee_line as f
    inner join institution as m on m.fixmedins_code = f.fixmedins_code
    inner join cap_floor as k
        on k.hilist_code = f.med_list_codg and k.medins_lv = m.medins_lv
    where f.pric > k.min_cap + $tolerance
),

priced_lines as (
    select
        k.*,
        c.pric_uplmt_amt,
        row_number() over (
            partition by k.setl_id, k.feedetl_sn
            order by case when c.medins_lv = '*' then 1 else 0 end, c.begndate desc
        ) as cap_rank
    from candidates as k
    inner join price_cap as c
        on c.hilist_code = k.med_list_codg
        and (c.medins_lv = k.medins_lv or c.medins_lv = '*')
        and fg_valid_on(k.fee_ocur_time, c.begndate, c.enddate)
    inner join settlement as s on s.setl_id = k.setl_id
    where fg_in_period(s.setl_time, $period_start, $period_end)
),

final as (
    select
        setl_id,
        feedetl_sn,
        mdtrt_id,
        psn_no,
        fixmedins_code,
        bilg_dr_codg as staff_code,
        cast(fee_ocur_time as date) as event_date,
        cast(round((pric - pric_uplmt_amt) * cnt, 2) as decimal(18, 2)) as vola_amt,
        med_list_codg,
        pric,
        pric_uplmt_amt,
        medins_lv
    from priced_lines
    where cap_rank = 1 and pric > pric_uplmt_amt + $tolerance
)

select * from final

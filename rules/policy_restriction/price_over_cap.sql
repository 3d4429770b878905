-- 超限定单价: unit price above the payment cap (price_cap) for the institution's level (or '*'),
-- valid on the fee date; a level-specific cap wins over the all-levels one.  Excess × quantity.
-- A line can only exceed its applicable cap if it exceeds some cap, so candidates are found first.
with
candidates as (
    select distinct f.setl_id, f.feedetl_sn
    from fee_line as f
    inner join price_cap as c
        on c.hilist_code = f.med_list_codg
        and f.pric > c.pric_uplmt_amt + $tolerance
        and fg_valid_on(f.fee_ocur_time, c.begndate, c.enddate)
),

priced_lines as (
    select
        f.setl_id,
        f.feedetl_sn,
        f.mdtrt_id,
        f.psn_no,
        f.fixmedins_code,
        f.bilg_dr_codg,
        f.fee_ocur_time,
        f.med_list_codg,
        f.pric,
        f.cnt,
        m.medins_lv,
        c.pric_uplmt_amt,
        row_number() over (
            partition by f.setl_id, f.feedetl_sn
            order by case when c.medins_lv = '*' then 1 else 0 end, c.begndate desc
        ) as cap_rank
    from candidates as k
    inner join fee_line as f on f.setl_id = k.setl_id and f.feedetl_sn = k.feedetl_sn
    inner join price_cap as c
        on c.hilist_code = f.med_list_codg
        and fg_valid_on(f.fee_ocur_time, c.begndate, c.enddate)
    inner join institution as m on m.fixmedins_code = f.fixmedins_code
    inner join settlement as s on s.setl_id = f.setl_id
    where fg_in_period(s.setl_time, $period_start, $period_end)
        and (c.medins_lv = m.medins_lv or c.medins_lv = '*')
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

-- 手术项目未按规定折价: several surgery items (catalog is_surgery) billed in one settlement on one
-- day; the principal one (highest standard price = price cap) may be billed in full, every other
-- one must be billed at most $discount_ratio × its cap.  2nd+ lines above that are violations.
with
surgery_lines as (
    select
        f.setl_id, f.feedetl_sn, f.mdtrt_id, f.psn_no, f.fixmedins_code, f.bilg_dr_codg,
        f.med_list_codg, f.fee_ocur_time, f.pric, f.cnt,
        cast(f.fee_ocur_time as date) as fee_date,
        max(p.pric_uplmt_amt) as standard_price
    from fee_line as f
    inner join settlement as s on s.setl_id = f.setl_id
    inner join catalog_item as c
        on c.hilist_code = f.med_list_codg
        and c.is_surgery
        and fg_valid_on(f.fee_ocur_time, c.begndate, c.enddate)
    inner join institution as m on m.fixmedins_code = f.fixmedins_code
    inner join price_cap as p
        on p.hilist_code = f.med_list_codg
        and (p.medins_lv = m.medins_lv or p.medins_lv = '*')
        and fg_valid_on(f.fee_ocur_time, p.begndate, p.enddate)
    where fg_in_period(s.setl_time, $period_start, $period_end)
    group by all
),

ranked as (
    select
        *,
        row_number() over (
            partition by setl_id, fee_date
            order by standard_price desc, fee_ocur_time, feedetl_sn
        ) as surgery_rank,
        list({'setl_id': setl_id, 'feedetl_sn': feedetl_sn}) over (
            partition by setl_id, fee_date
        ) as related_lines
    from surgery_lines
),

final as (
    select
        setl_id,
        feedetl_sn,
        mdtrt_id,
        psn_no,
        fixmedins_code,
        bilg_dr_codg as staff_code,
        fee_date as event_date,
        cast(round((pric - standard_price * $discount_ratio) * cnt, 2) as decimal(18, 2))
            as vola_amt,
        med_list_codg,
        pric,
        standard_price,
        surgery_rank,
        related_lines
    from ranked
    where surgery_rank >= 2
        and pric > standard_price * $discount_ratio
)

select * from final

-- 限最大开药量/数量: a fee line whose quantity exceeds the knowledge point MAX_QTY limit; the excess
-- quantity at the line price is the violation amount.
with
restriction as (
    select kp_id, hilist_code, max_qty, begndate, enddate
    from knowledge_point
    where kp_type = 'MAX_QTY' and max_qty is not null
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
        cast(round(f.pric * (f.cnt - r.max_qty), 2) as decimal(18, 2)) as vola_amt,
        f.med_list_codg,
        f.cnt,
        r.max_qty,
        r.kp_id
    from fee_line as f
    inner join restriction as r
        on r.hilist_code = f.med_list_codg
        and fg_valid_on(f.fee_ocur_time, r.begndate, r.enddate)
    inner join settlement as s on s.setl_id = f.setl_id
    where fg_in_period(s.setl_time, $period_start, $period_end)
        and f.cnt > r.max_qty
)

select * from final

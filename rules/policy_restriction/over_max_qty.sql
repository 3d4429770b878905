-- 限最大开药量/数量: a fee line whose quantity exceeds the knowledge point MAX_QTY limit; the
-- excess quantity at the line price is the violation amount.
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
        cast(round(pric * (cnt - max_qty), 2) as decimal(18, 2)) as vola_amt,
        med_list_codg,
        cnt,
        max_qty,
        kp_id
    from fg_kp_lines('MAX_QTY', $period_start, $period_end)
    where cnt > max_qty
)

select * from final

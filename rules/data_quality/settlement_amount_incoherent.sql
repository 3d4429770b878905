-- 结算金额不合理: fund payment above the total medical fee, or the header total differing from the
-- sum of its fee lines by more than $tolerance yuan (settlements with no lines are not judged).
with
line_totals as (
    -- a semi join: no settlement columns carried through the 12M-line aggregation
    select f.setl_id, sum(f.det_item_fee_sumamt) as lines_sumamt, count(*) as n_lines
    from fee_line as f
    where f.setl_id in (
        select setl_id from settlement where fg_in_period(setl_time, $period_start, $period_end)
    )
    group by f.setl_id
),

final as (
    select
        s.setl_id,
        s.mdtrt_id,
        s.psn_no,
        s.fixmedins_code,
        s.dr_codg as staff_code,
        cast(s.setl_time as date) as event_date,
        greatest(s.fund_pay_sumamt - s.medfee_sumamt, cast(0 as decimal(18, 2))) as vola_amt,
        s.medfee_sumamt,
        s.fund_pay_sumamt,
        l.lines_sumamt,
        list_filter([
            case when s.fund_pay_sumamt > s.medfee_sumamt then 'fund_exceeds_total' end,
            case when abs(s.medfee_sumamt - l.lines_sumamt) > $tolerance
                then 'header_lines_mismatch' end
        ], lambda c: c is not null) as failed_checks
    from settlement as s
    inner join line_totals as l on l.setl_id = s.setl_id
    where fg_in_period(s.setl_time, $period_start, $period_end)
        and (
            s.fund_pay_sumamt > s.medfee_sumamt
            or abs(s.medfee_sumamt - l.lines_sumamt) > $tolerance
        )
)

select * from final

-- 出院日集中计费: an inpatient stay of at least $min_los_days days with at least
-- $discharge_share_min of its fee amount billed on the discharge date (fees added before discharge
-- to reach a payment standard).
with
stays as (
    select setl_id, mdtrt_id, psn_no, fixmedins_code, dr_codg, begntime, endtime, setl_time,
        medfee_sumamt
    from settlement
    where fg_visit_class(med_type) = 'inpatient' and endtime is not null and not refd_setl_flag
        and fg_in_period(setl_time, $period_start, $period_end)
        and date_diff('day', cast(begntime as date), cast(endtime as date)) >= $min_los_days
),

shares as (
    select
        s.setl_id,
        sum(f.det_item_fee_sumamt) as lines_fee,
        sum(case when cast(f.fee_ocur_time as date) = cast(s.endtime as date)
            then f.det_item_fee_sumamt else 0 end) as discharge_day_fee
    from stays as s
    inner join fee_line as f on f.setl_id = s.setl_id
    group by s.setl_id
),

final as (
    select
        s.setl_id,
        s.mdtrt_id,
        s.psn_no,
        s.fixmedins_code,
        s.dr_codg as staff_code,
        cast(s.endtime as date) as event_date,
        x.discharge_day_fee as vola_amt,
        x.discharge_day_fee,
        x.lines_fee,
        round(cast(x.discharge_day_fee as double) / cast(x.lines_fee as double), 4)
            as discharge_day_share,
        date_diff('day', cast(s.begntime as date), cast(s.endtime as date)) as los_days
    from stays as s
    inner join shares as x on x.setl_id = s.setl_id
    where x.lines_fee > 0
        and cast(x.discharge_day_fee as double) / cast(x.lines_fee as double) >= $discharge_share_min
)

select * from final

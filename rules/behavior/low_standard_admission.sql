-- 低标准入院(无指征住院): an inpatient stay whose exam and lab fees (charge types 03, 04) make up at
-- least $exam_share_min of its fees, or which lasted at least $min_los_days days without any
-- treatment, surgery or drug line (charge types 05, 06, 09, 10, 11).
with
stays as (
    select setl_id, mdtrt_id, psn_no, fixmedins_code, dr_codg, begntime, endtime, setl_time,
        medfee_sumamt
    from settlement
    where fg_visit_class(med_type) = 'inpatient' and endtime is not null and not refd_setl_flag
        and fg_in_period(setl_time, $period_start, $period_end)
),

structure as (
    select
        f.setl_id,
        sum(f.det_item_fee_sumamt) as lines_fee,
        sum(case when c.med_chrgitm_type in ('03', '04') then f.det_item_fee_sumamt else 0 end)
            as exam_fee,
        count(*) filter (where c.med_chrgitm_type in ('05', '06', '09', '10', '11'))
            as n_treatment_lines
    from fee_line as f
    inner join stays as s on s.setl_id = f.setl_id
    left join catalog_item as c
        on c.hilist_code = f.med_list_codg
        and fg_valid_on(f.fee_ocur_time, c.begndate, c.enddate)
    group by f.setl_id
),

final as (
    select
        s.setl_id,
        s.mdtrt_id,
        s.psn_no,
        s.fixmedins_code,
        s.dr_codg as staff_code,
        cast(s.begntime as date) as event_date,
        s.medfee_sumamt as vola_amt,
        round(cast(t.exam_fee as double) / cast(t.lines_fee as double), 4) as exam_share,
        t.n_treatment_lines,
        date_diff('day', cast(s.begntime as date), cast(s.endtime as date)) as los_days
    from stays as s
    inner join structure as t on t.setl_id = s.setl_id
    where t.lines_fee > 0
        and (
            cast(t.exam_fee as double) / cast(t.lines_fee as double) >= $exam_share_min
            or (
                t.n_treatment_lines = 0
                and date_diff('day', cast(s.begntime as date), cast(s.endtime as date))
                    >= $min_los_days
            )
        )
)

select * from final

-- 挂床住院: an inpatient stay with a gap of at least $gap_hours hours without any service (fee
-- lines other than the charge types in $ignored_chrgitm_types, e.g. 01 bed fee), counting the
-- admission and discharge times as the ends of the stay.
with
stays as (
    select setl_id, mdtrt_id, psn_no, fixmedins_code, dr_codg, begntime, endtime, setl_time,
        medfee_sumamt
    from settlement
    where fg_visit_class(med_type) = 'inpatient' and endtime is not null and not refd_setl_flag
        and fg_in_period(setl_time, $period_start, $period_end)
),

events as (
    select s.setl_id, f.fee_ocur_time as event_time
    from fee_line as f
    inner join stays as s on s.setl_id = f.setl_id
    left join catalog_item as c
        on c.hilist_code = f.med_list_codg
        and fg_valid_on(f.fee_ocur_time, c.begndate, c.enddate)
    where not fg_in_codes(coalesce(c.med_chrgitm_type, ''), $ignored_chrgitm_types)
    union all
    select setl_id, begntime from stays
    union all
    select setl_id, endtime from stays
),

-- Gaps of at least $gap_hours (>= 24) hours cannot lie inside one calendar day, so each day's
-- first and last event suffice: the gaps are those between consecutive event days.
event_days as (
    select setl_id, min(event_time) as first_time, max(event_time) as last_time
    from events
    group by setl_id, cast(event_time as date)
),

gaps as (
    select
        setl_id,
        date_diff('minute', lag(last_time) over (partition by setl_id order by first_time),
            first_time) as gap_minutes,
        lag(last_time) over (partition by setl_id order by first_time) as gap_start
    from event_days
),

final as (
    select
        s.setl_id,
        any_value(s.mdtrt_id) as mdtrt_id,
        any_value(s.psn_no) as psn_no,
        any_value(s.fixmedins_code) as fixmedins_code,
        any_value(s.dr_codg) as staff_code,
        cast(any_value(s.begntime) as date) as event_date,
        any_value(s.medfee_sumamt) as vola_amt,
        round(max(g.gap_minutes) / 60.0, 1) as max_gap_hours,
        arg_max(g.gap_start, g.gap_minutes) as gap_start
    from stays as s
    inner join gaps as g on g.setl_id = s.setl_id
    group by s.setl_id
    having max(g.gap_minutes) >= $gap_hours * 60
)

select * from final

-- 同时在两家机构住院: two inpatient stays of the same person at different institutions that overlap
-- in time (A.begin < B.end and B.begin < A.end).  The later-admitted stay is flagged.  The earlier
-- stay may settle after it (a longer stay): the window re-examines the persons with a stay settled
-- in it, and a hit is kept when either stay of the pair settled in the window.
with
stays as (
    select setl_id, mdtrt_id, psn_no, fixmedins_code, dr_codg, begntime, endtime, setl_time,
        medfee_sumamt, fg_in_period(setl_time, $period_start, $period_end) as in_window
    from settlement
    where fg_visit_class(med_type) = 'inpatient' and endtime is not null and not refd_setl_flag
),

window_persons as (
    select distinct psn_no from stays where in_window
),

final as (
    select
        b.setl_id,
        any_value(b.mdtrt_id) as mdtrt_id,
        any_value(b.psn_no) as psn_no,
        any_value(b.fixmedins_code) as fixmedins_code,
        any_value(b.dr_codg) as staff_code,
        cast(any_value(b.begntime) as date) as event_date,
        any_value(b.medfee_sumamt) as vola_amt,
        min(a.setl_id) as overlapping_setl_id,
        min(a.fixmedins_code) as overlapping_fixmedins_code,
        any_value(b.begntime) as admission_time,
        any_value(b.endtime) as discharge_time
    from stays as b
    inner join stays as a
        on a.psn_no = b.psn_no
        and a.fixmedins_code <> b.fixmedins_code
        and a.begntime < b.endtime
        and b.begntime < a.endtime
        and (a.begntime < b.begntime or (a.begntime = b.begntime and a.setl_id < b.setl_id))
    where b.psn_no in (select psn_no from window_persons)
    group by b.setl_id
    having bool_or(b.in_window or a.in_window)
)

select * from final

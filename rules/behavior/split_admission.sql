-- 分解住院: an inpatient admission at the same institution within $window_days days after the
-- previous discharge of the same person, with the same 3-character main diagnosis, not an emergency
-- or planned readmission and not an excluded diagnosis (e.g. chemotherapy, dialysis).  The later
-- admission is flagged; the earlier stay may lie before the window.
with
stays as (
    select
        setl_id, mdtrt_id, psn_no, fixmedins_code, dr_codg, begntime, endtime, setl_time,
        main_diag_code, er_flag, readm_plan_flag, medfee_sumamt
    from settlement
    where fg_visit_class(med_type) = 'inpatient' and endtime is not null
        and not refd_setl_flag
),

paired as (
    select
        b.*,
        a.setl_id as previous_setl_id,
        a.endtime as previous_discharge,
        date_diff('day', cast(a.endtime as date), cast(b.begntime as date)) as gap_days,
        row_number() over (partition by b.setl_id order by a.endtime desc, a.setl_id) as rn
    from stays as b
    inner join stays as a
        on a.psn_no = b.psn_no
        and a.fixmedins_code = b.fixmedins_code
        and a.setl_id <> b.setl_id
        and a.begntime < b.begntime
        and a.endtime <= b.begntime
        and date_diff('day', cast(a.endtime as date), cast(b.begntime as date)) <= $window_days
        and left(a.main_diag_code, 3) = left(b.main_diag_code, 3)
    where fg_in_period(b.setl_time, $period_start, $period_end)
        and not ($exclude_emergency and b.er_flag)
        and not b.readm_plan_flag
        and not fg_has_prefix(b.main_diag_code, $excluded_diag_prefixes)
),

final as (
    select
        setl_id,
        mdtrt_id,
        psn_no,
        fixmedins_code,
        dr_codg as staff_code,
        cast(begntime as date) as event_date,
        medfee_sumamt as vola_amt,
        previous_setl_id,
        previous_discharge,
        begntime as admission_time,
        gap_days,
        main_diag_code
    from paired
    where rn = 1
)

select * from final

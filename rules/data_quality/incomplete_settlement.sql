-- 医保结算清单信息缺失: an inpatient settlement without main diagnosis or discharge time, or whose
-- discharge precedes admission.
with
checked as (
    select
        *,
        [
            case when nullif(trim(main_diag_code), '') is null then 'missing_main_diagnosis' end,
            case when endtime is null then 'missing_discharge_time' end,
            case when endtime < begntime then 'discharge_before_admission' end
        ] as checks
    from settlement
    where fg_in_period(setl_time, $period_start, $period_end)
        and fg_visit_class(med_type) = 'inpatient'
),

final as (
    select
        setl_id,
        mdtrt_id,
        psn_no,
        fixmedins_code,
        dr_codg as staff_code,
        cast(setl_time as date) as event_date,
        cast(0 as decimal(18, 2)) as vola_amt,
        med_type,
        list_filter(checks, lambda c: c is not null) as failed_checks
    from checked
    where len(list_filter(checks, lambda c: c is not null)) > 0
)

select * from final

-- 同日异地就医: the same card settled on the same day at institutions of different districts
-- (admdvs); every settlement of the day at a district other than that of the day's first one is
-- flagged (inpatient stays excluded).
with
visits as (
    select
        s.setl_id, s.mdtrt_id, s.psn_no, s.fixmedins_code, s.dr_codg, s.setl_time, s.medfee_sumamt,
        m.admdvs,
        cast(s.begntime as date) as visit_date,
        first_value(m.admdvs) over (
            partition by s.psn_no, cast(s.begntime as date) order by s.begntime, s.setl_id
        ) as first_admdvs,
        first_value(s.setl_id) over (
            partition by s.psn_no, cast(s.begntime as date) order by s.begntime, s.setl_id
        ) as first_setl_id
    from settlement as s
    inner join institution as m on m.fixmedins_code = s.fixmedins_code
    where fg_visit_class(s.med_type) in ('outpatient', 'pharmacy') and not s.refd_setl_flag
        and cast(s.begntime as date) between date_add($period_start, -1) and $period_end
),

final as (
    select
        setl_id,
        mdtrt_id,
        psn_no,
        fixmedins_code,
        dr_codg as staff_code,
        visit_date as event_date,
        medfee_sumamt as vola_amt,
        admdvs,
        first_admdvs,
        first_setl_id
    from visits
    where admdvs <> first_admdvs
        and fg_in_period(setl_time, $period_start, $period_end)
)

select * from final

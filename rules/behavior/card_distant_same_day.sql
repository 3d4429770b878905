-- 同日异地就医: the same card settled on the same day at institutions of different districts
-- (admdvs); every settlement of the day at a district other than that of the day's first one is
-- flagged (inpatient stays excluded).  Only person-days with visits in two or more districts can
-- hold a hit, so the day's first visit is looked up for those alone.  `visits` is inlined, not
-- materialised: the mixed-day test reads three columns of it, the lookup a few thousand rows.
with
visits as not materialized (
    select
        s.setl_id, s.mdtrt_id, s.psn_no, s.fixmedins_code, s.dr_codg, s.setl_time, s.begntime,
        s.medfee_sumamt, m.admdvs,
        cast(s.begntime as date) as visit_date
    from settlement as s
    inner join institution as m on m.fixmedins_code = s.fixmedins_code
    where fg_visit_class(s.med_type) in ('outpatient', 'pharmacy') and not s.refd_setl_flag
        and cast(s.begntime as date) between date_add($period_start, -1) and $period_end
),

mixed_days as (
    select psn_no, visit_date
    from visits
    group by psn_no, visit_date
    having min(admdvs) <> max(admdvs)
),

ordered as (
    select
        v.*,
        first_value(v.admdvs) over (
            partition by v.psn_no, v.visit_date order by v.begntime, v.setl_id
        ) as first_admdvs,
        first_value(v.setl_id) over (
            partition by v.psn_no, v.visit_date order by v.begntime, v.setl_id
        ) as first_setl_id
    from visits as v
    inner join mixed_days as d on d.psn_no = v.psn_no and d.visit_date = v.visit_date
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
    from ordered
    where admdvs <> first_admdvs
        and fg_in_period(setl_time, $period_start, $period_end)
)

select * from final

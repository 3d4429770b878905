-- Insured-person features for the window [$start, $end]: one row per person with settlements.
-- Reads the temp tables feat_setl and feat_cohort plus canonical tables and rule findings.
-- w is not materialised: each reader scans feat_setl with the filter (a year's copy of 12M
-- settlements spilled to disk).
with w as not materialized (
    select * from feat_setl where in_window
),

base as (
    select
        psn_no,
        count(*) as n_setl,
        count(*) filter (where visit_class = 'out') as n_outpatient,
        count(*) filter (where visit_class = 'pharm') as n_purchases,
        count(*) filter (where visit_class = 'in') as n_admissions,
        count(distinct fixmedins_code) as n_institutions,
        cast(sum(fund) as double) as fund_total,
        sum(drug_amt) / nullif(sum(line_amt), 0) as drug_share,
        sum(supply_days) / (date_diff('day', $start, $end) + 1.0) as supply_ratio
    from w
    group by psn_no
),

-- two districts or more on a day <=> min <> max (a min/max per day instead of a distinct count)
districts as (
    select
        w.psn_no,
        w.setl_date,
        min(i.admdvs) <> max(i.admdvs) as multi
    from w
    inner join institution as i on i.fixmedins_code = w.fixmedins_code
    group by w.psn_no, w.setl_date
),

multi_district as (
    select psn_no, count(*) as multi_district_days
    from districts
    where multi
    group by psn_no
),

stays as (
    select psn_no, mdtrt_id, begntime, endtime
    from feat_setl
    where visit_class = 'in' and endtime is not null
),

during_stay as (
    select
        w.psn_no,
        count(distinct w.setl_key) as outpatient_during_stay
    from w
    inner join stays as st
        on st.psn_no = w.psn_no
        and w.begntime > st.begntime
        and w.begntime < st.endtime
        and st.mdtrt_id <> w.mdtrt_id
    where w.visit_class in ('out', 'pharm')
    group by w.psn_no
),

readmit as (
    select
        psn_no,
        count(*) filter (where in_window and prev_end is not null and not readm_plan_flag
            and date_diff('day', prev_end, begntime) between 0 and 31) as readmit_31d
    from (
        select
            psn_no,
            in_window,
            readm_plan_flag,
            begntime,
            lag(endtime) over (partition by psn_no order by begntime) as prev_end
        from feat_setl
        where visit_class = 'in'
    )
    group by psn_no
),

cohort as (
    select psn_no, count(*) filter (where is_ring) as cohort_stays
    from feat_cohort
    where in_window
    group by psn_no
),

chronic as (
    select distinct psn_no from feat_setl where med_type = '14'
),

findings as (
    select
        psn_no,
        count(*) as n_findings,
        cast(sum(vola_amt) as double) as finding_amt
    from feat_finding
    where psn_no is not null
    group by psn_no
),

after_death as (
    select w.psn_no, count(*) as after_death_setl
    from w
    inner join insured as ins on ins.psn_no = w.psn_no
    where ins.death_date is not null and w.setl_date > ins.death_date
    group by w.psn_no
),

final as (
    select
        b.psn_no as entity_id,
        -- peer attributes
        case
            when ins.brdy is null then '?'
            when date_diff('year', ins.brdy, $end) < 18 then '0-17'
            when date_diff('year', ins.brdy, $end) < 45 then '18-44'
            when date_diff('year', ins.brdy, $end) < 60 then '45-59'
            when date_diff('year', ins.brdy, $end) < 75 then '60-74'
            else '75+'
        end as age_band,
        coalesce(ins.insutype, '?') as insutype,
        case when c.psn_no is not null then '1' else '0' end as is_chronic,
        coalesce(ins.admdvs, '?') as admdvs,
        -- activity (baselines)
        b.n_setl,
        b.n_setl as n_patients,
        b.fund_total,
        -- features
        b.n_outpatient,
        b.n_purchases,
        b.n_admissions,
        b.n_institutions,
        b.drug_share,
        b.supply_ratio,
        coalesce(md.multi_district_days, 0) as multi_district_days,
        coalesce(ds.outpatient_during_stay, 0) as outpatient_during_stay,
        coalesce(co.cohort_stays, 0) as cohort_stays,
        coalesce(ad.after_death_setl, 0) as after_death_setl,
        coalesce(r.readmit_31d, 0) as readmit_31d,
        coalesce(fd.n_findings, 0) as finding_count,
        coalesce(fd.finding_amt, 0) as finding_amt
    from base as b
    left join insured as ins on ins.psn_no = b.psn_no
    left join chronic as c on c.psn_no = b.psn_no
    left join multi_district as md on md.psn_no = b.psn_no
    left join during_stay as ds on ds.psn_no = b.psn_no
    left join cohort as co on co.psn_no = b.psn_no
    left join after_death as ad on ad.psn_no = b.psn_no
    left join readmit as r on r.psn_no = b.psn_no
    left join findings as fd on fd.psn_no = b.psn_no
)

select * from final

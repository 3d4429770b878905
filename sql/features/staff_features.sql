-- Staff features for the window [$start, $end]: one row per billing staff member (the fee line's
-- bilg_dr_codg, else the settlement's dr_codg).  Reads the temp tables feat_line (fee lines of the
-- window's settlements summed per settlement, staff member and fee date) and feat_setl.
-- lines is not materialised: each reader scans feat_line with the filter (no copy of 14M rows).
with lines as not materialized (
    select * from feat_line where staff_code is not null
),

visits as (
    select
        v.staff_code,
        s.psn_no,
        s.fixmedins_code,
        s.setl_date,
        s.begntime,
        s.is_out_district
    from (select distinct staff_code, setl_key from lines) as v
    inner join feat_setl as s on s.setl_key = v.setl_key and s.in_window
),

daily as (
    select staff_code, setl_date, count(*) as n from visits group by staff_code, setl_date
),

patient_visits as (
    select staff_code, psn_no, count(*) as n from visits group by staff_code, psn_no
),

base as (
    select
        staff_code,
        count(*) as n_setl,
        count(distinct psn_no) as n_patients,
        avg(case when dayofweek(begntime) in (0, 6) or hour(begntime) >= 22 or hour(begntime) < 6
            then 1.0 else 0.0 end) as weekend_night_share,
        avg(case when is_out_district then 1.0 else 0.0 end) as out_district_share
    from visits
    group by staff_code
),

amounts as (
    select
        staff_code,
        cast(sum(line_amt) as double) as billed_total,
        case when sum(drug_lines) > 0 then sum(drug_amt) end / nullif(sum(line_amt), 0)
            as drug_share,
        case when sum(exam_lines) > 0 then sum(exam_amt) end / nullif(sum(line_amt), 0)
            as exam_share,
        case when sum(consumable_lines) > 0 then sum(consumable_amt) end
            / nullif(sum(line_amt), 0) as consumable_share,
        sum(long_supply_lines) / nullif(sum(drug_lines), 0) as long_supply_share,
        cast(sum(n_lines) as bigint) as n_lines
    from lines
    group by staff_code
),

suspended as (
    select
        l.staff_code,
        cast(sum(l.n_lines) as bigint) as n_suspended_lines
    from lines as l
    inner join staff_status as st
        on st.psn_code = l.staff_code
        and st.status in ('2', '3')
        and l.fee_date >= st.begin_date
        and (st.end_date is null or l.fee_date <= st.end_date)
    group by l.staff_code
),

days as (
    select staff_code, avg(n) as visits_per_day, max(n) as max_visits_day
    from daily
    group by staff_code
),

repeat_patients as (
    select
        staff_code,
        sum(n) filter (where n >= $repeat_visits) / sum(n) as repeat_patient_share
    from patient_visits
    group by staff_code
),

findings as (
    select
        staff_code,
        count(*) as n_findings,
        cast(sum(fund_amt) as double) as finding_fund
    from feat_finding
    where staff_code is not null
    group by staff_code
),

final as (
    select
        b.staff_code as entity_id,
        -- peer attributes
        coalesce(sf.staff_type, '?') as staff_type,
        coalesce(sf.dept_code, '?') as dept_code,
        coalesce(i.inst_type, '?') as inst_type,
        coalesce(i.medins_lv, '?') as medins_lv,
        coalesce(i.admdvs, '?') as admdvs,
        -- activity (baselines, not features)
        b.n_setl,
        b.n_patients,
        a.billed_total as fund_total,
        -- features
        d.visits_per_day,
        d.max_visits_day,
        a.billed_total / b.n_setl as cost_per_visit,
        a.billed_total / b.n_patients as amt_per_patient,
        a.drug_share,
        a.exam_share,
        a.consumable_share,
        b.weekend_night_share,
        b.out_district_share,
        a.long_supply_share,
        rp.repeat_patient_share,
        coalesce(su.n_suspended_lines, 0) / a.n_lines as suspended_line_share,
        100.0 * coalesce(fd.n_findings, 0) / b.n_setl as finding_rate,
        coalesce(fd.finding_fund, 0) / nullif(a.billed_total, 0) as finding_amt_share
    from base as b
    inner join amounts as a on a.staff_code = b.staff_code
    left join staff as sf on sf.psn_code = b.staff_code
    left join institution as i on i.fixmedins_code = sf.fixmedins_code
    left join days as d on d.staff_code = b.staff_code
    left join repeat_patients as rp on rp.staff_code = b.staff_code
    left join suspended as su on su.staff_code = b.staff_code
    left join findings as fd on fd.staff_code = b.staff_code
)

select * from final

-- Staff features for the window [$start, $end]: one row per billing staff member (the fee line's
-- bilg_dr_codg, else the settlement's dr_codg).  Reads the temp table feat_setl.
with cat as (
    select
        hilist_code,
        max(list_type) as list_type,
        max(med_chrgitm_type) as chrg
    from catalog_item
    group by hilist_code
),

lines as (
    select
        coalesce(f.bilg_dr_codg, s.dr_codg) as staff_code,
        f.setl_id,
        s.psn_no,
        s.fixmedins_code,
        s.setl_date,
        s.begntime,
        s.is_out_district,
        cast(f.fee_ocur_time as date) as fee_date,
        f.det_item_fee_sumamt as amt,   -- DECIMAL: exact sums below
        c.list_type like '1%' as is_drug,
        c.chrg in ('03', '04') as is_exam,
        c.list_type = '301' or c.chrg = '08' as is_consumable,
        f.prd_days
    from fee_line as f
    inner join feat_setl as s on s.setl_id = f.setl_id and s.in_window
    left join cat as c on c.hilist_code = f.med_list_codg
    where coalesce(f.bilg_dr_codg, s.dr_codg) is not null
),

visits as (
    select distinct staff_code, setl_id, psn_no, fixmedins_code, setl_date, begntime, is_out_district
    from lines
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
        cast(sum(amt) as double) as billed_total,
        sum(amt) filter (where is_drug) / nullif(sum(amt), 0) as drug_share,
        sum(amt) filter (where is_exam) / nullif(sum(amt), 0) as exam_share,
        sum(amt) filter (where is_consumable) / nullif(sum(amt), 0) as consumable_share,
        count(*) filter (where is_drug and prd_days > $long_supply_days)
            / nullif(count(*) filter (where is_drug), 0) as long_supply_share,
        count(*) as n_lines
    from lines
    group by staff_code
),

suspended as (
    select
        l.staff_code,
        count(*) as n_suspended_lines
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

-- Institution features for the window [$start, $end]: one row per institution with settlements.
-- Reads the temp tables feat_setl, feat_prior and feat_cohort plus canonical tables and rule
-- findings.
with w as (
    select * from feat_setl where in_window
),

-- the distinct (institution, patient) pairs are built once: patient counts and new patients
patients as (
    select distinct fixmedins_code, psn_no from w
),

patient_counts as (
    select fixmedins_code, count(*) as n_patients from patients group by fixmedins_code
),

base as (
    select
        w.fixmedins_code,
        count(*) as n_setl,
        any_value(p.n_patients) as n_patients,
        cast(sum(fund) as double) as fund_total,
        avg(medfee) filter (where visit_class = 'out') as cost_per_visit,
        avg(medfee) filter (where visit_class = 'in') as cost_per_stay,
        sum(fund) / any_value(p.n_patients) as fund_per_patient,
        sum(drug_amt) / nullif(sum(line_amt), 0) as drug_share,
        sum(exam_amt) / nullif(sum(line_amt), 0) as exam_share,
        sum(consumable_amt) / nullif(sum(line_amt), 0) as consumable_share,
        avg(date_diff('day', cast(begntime as date), cast(endtime as date)))
            filter (where visit_class = 'in') as avg_los,
        1000.0 * count(*) filter (where visit_class = 'in') / any_value(p.n_patients)
            as admissions_per_1000,
        sum(last_day_amt) / nullif(sum(line_amt) filter (where visit_class = 'in'), 0)
            as last_day_share,
        avg(case when dayofweek(begntime) in (0, 6) or hour(begntime) >= 22 or hour(begntime) < 6
            then 1.0 else 0.0 end) as weekend_night_share,
        sum(long_supply_lines) / nullif(sum(drug_lines), 0) as long_supply_share,
        avg(case when is_out_district then 1.0 else 0.0 end) as out_district_share,
        count(*) filter (where dr_codg is not null and visit_class = 'out')
            / nullif(count(distinct (dr_codg, setl_date))
                filter (where dr_codg is not null and visit_class = 'out'), 0)
            as patients_per_doctor_day
    from w
    inner join patient_counts as p on p.fixmedins_code = w.fixmedins_code
    group by w.fixmedins_code
),

stays as (
    select
        fixmedins_code,
        in_window,
        readm_plan_flag,
        begntime,
        lag(endtime) over (partition by psn_no, fixmedins_code order by begntime) as prev_end
    from feat_setl
    where visit_class = 'in'
),

readmit as (
    select
        fixmedins_code,
        avg(case when prev_end is not null and not readm_plan_flag
            and date_diff('day', prev_end, begntime) between 0 and 31 then 1.0 else 0.0 end)
            as readmit_31d_rate
    from stays
    where in_window
    group by fixmedins_code
),

cost_bins as (
    select
        fixmedins_code,
        floor(ln(medfee) / ln(1.03)) as bin,
        count(*) as n
    from w
    where visit_class = 'in' and medfee > 0
    group by fixmedins_code, bin
),

cost_pairs as (
    select
        fixmedins_code,
        n,
        n + case when lead(bin) over (partition by fixmedins_code order by bin) = bin + 1
            then lead(n) over (partition by fixmedins_code order by bin) else 0 end as n_pair
    from cost_bins
),

cost_cluster as (
    select
        fixmedins_code,
        max(n_pair) / sum(n) as cost_cluster_share
    from cost_pairs
    group by fixmedins_code
    having sum(n) >= $min_stays_for_cluster
),

new_patients as (
    select
        p.fixmedins_code,
        avg(case when pp.psn_no is null then 1.0 else 0.0 end) as new_patient_share
    from patients as p
    left join feat_prior as pp
        on pp.fixmedins_code = p.fixmedins_code and pp.psn_no = p.psn_no
    group by p.fixmedins_code
),

cohort as (
    select
        fixmedins_code,
        avg(case when is_ring then 1.0 else 0.0 end) as cohort_share
    from feat_cohort
    where in_window
    group by fixmedins_code
),

inv_items as (
    select
        fixmedins_code,
        med_list_codg,
        sum(case when inv_chg_type = '3503' then cast(cnt as double)
            when inv_chg_type = '3504' then -cast(cnt as double) else 0 end) as purchased,
        coalesce(arg_min(cast(cnt as double), inv_chg_time)
            filter (where inv_chg_type = '3501'), 0) as opening_stock
    from inventory_movement
    where cast(inv_chg_time as date) between $lookback_start and $end
    group by fixmedins_code, med_list_codg
),

billed_items as (
    select
        f.fixmedins_code,
        f.med_list_codg,
        sum(cast(f.cnt as double)) as billed
    from fee_line as f
    inner join inv_items as v
        on v.fixmedins_code = f.fixmedins_code and v.med_list_codg = f.med_list_codg
    where cast(f.fee_ocur_time as date) between $lookback_start and $end
    group by f.fixmedins_code, f.med_list_codg
),

inventory_gap as (
    select
        v.fixmedins_code,
        sum(greatest(coalesce(b.billed, 0) - v.purchased - v.opening_stock, 0))
            / nullif(sum(coalesce(b.billed, 0)), 0) as inventory_gap_share
    from inv_items as v
    left join billed_items as b
        on b.fixmedins_code = v.fixmedins_code and b.med_list_codg = v.med_list_codg
    group by v.fixmedins_code
),

findings as (
    select
        fixmedins_code,
        count(*) as n_findings,
        cast(sum(fund_amt) as double) as finding_fund
    from feat_finding
    where fixmedins_code is not null
    group by fixmedins_code
),

final as (
    select
        b.fixmedins_code as entity_id,
        -- peer attributes
        coalesce(i.inst_type, '?') as inst_type,
        coalesce(i.medins_lv, '?') as medins_lv,
        coalesce(i.admdvs, '?') as admdvs,
        -- activity (baselines, not features)
        b.n_setl,
        b.n_patients,
        b.fund_total,
        -- features
        b.cost_per_visit,
        b.cost_per_stay,
        b.fund_per_patient,
        b.drug_share,
        b.exam_share,
        b.consumable_share,
        b.avg_los,
        b.admissions_per_1000,
        r.readmit_31d_rate,
        c.cost_cluster_share,
        b.last_day_share,
        b.weekend_night_share,
        n.new_patient_share,
        b.out_district_share,
        h.cohort_share,
        b.patients_per_doctor_day,
        b.long_supply_share,
        g.inventory_gap_share,
        100.0 * coalesce(fd.n_findings, 0) / b.n_setl as finding_rate,
        coalesce(fd.finding_fund, 0) / nullif(b.fund_total, 0) as finding_amt_share
    from base as b
    left join institution as i on i.fixmedins_code = b.fixmedins_code
    left join readmit as r on r.fixmedins_code = b.fixmedins_code
    left join cost_cluster as c on c.fixmedins_code = b.fixmedins_code
    left join new_patients as n on n.fixmedins_code = b.fixmedins_code
    left join cohort as h on h.fixmedins_code = b.fixmedins_code
    left join inventory_gap as g on g.fixmedins_code = b.fixmedins_code
    left join findings as fd on fd.fixmedins_code = b.fixmedins_code
)

select * from final

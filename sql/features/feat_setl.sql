-- Per-settlement base for the entity feature queries (materialised as temp table feat_setl).
-- Settlements settled in the window [$start, $end] (in_window) and, from $lookback_start, the
-- look-back settlements the features read: inpatient stays (readmissions, co-admissions, stays
-- around the window) and chronic-disease visits (med_type 14); the (institution, patient) pairs of
-- all look-back settlements are in feat_prior.  Refunds excluded.  Fee-line aggregates (from the
-- temp table feat_line, which holds in-window settlements only: zeros on look-back rows) for
-- settlements inside the window [$start, $end] (in_window).  setl_key = the settlement's rowid
-- (the key of feat_line; the feature queries count settlements by it, so setl_id is not kept).
-- Visit classes: out = med_type 11/13/14, in = 21/24/28/52, pharm = 41.
-- is_out_district: the patient is insured in another district than the institution's (in-window
-- settlements only; false on look-back rows, which no feature reads it from).
with setl as (
    select
        s.rowid as setl_key,
        s.mdtrt_id,
        s.psn_no,
        s.fixmedins_code,
        s.dr_codg,
        s.med_type,
        case
            when s.med_type in ('11', '13', '14') then 'out'
            when s.med_type in ('21', '24', '28', '52') then 'in'
            when s.med_type = '41' then 'pharm'
            else 'other'
        end as visit_class,
        s.begntime,
        s.endtime,
        cast(s.setl_time as date) as setl_date,
        cast(s.setl_time as date) >= $start as in_window,
        s.readm_plan_flag,
        -- amounts stay DECIMAL: their sums are exact, so features do not depend on the order in
        -- which parallel threads add them (DOUBLE sums differ in the last bits from run to run)
        s.medfee_sumamt as medfee,
        s.fund_pay_sumamt as fund
    from settlement as s
    where cast(s.setl_time as date) between $lookback_start and $end
        and not s.refd_setl_flag
        and (cast(s.setl_time as date) >= $start
            or s.med_type in ('21', '24', '28', '52', '14'))
),

lines as (
    select
        setl_key,
        sum(line_amt) as line_amt,
        sum(drug_amt) as drug_amt,
        sum(exam_amt) as exam_amt,
        sum(consumable_amt) as consumable_amt,
        sum(last_day_amt) as last_day_amt,
        cast(sum(drug_lines) as bigint) as drug_lines,
        cast(sum(long_supply_lines) as bigint) as long_supply_lines,
        coalesce(sum(supply_days), 0) as supply_days
    from feat_line
    group by setl_key
),

final as (
    select
        s.*,
        coalesce(l.line_amt, 0) as line_amt,
        coalesce(l.drug_amt, 0) as drug_amt,
        coalesce(l.exam_amt, 0) as exam_amt,
        coalesce(l.consumable_amt, 0) as consumable_amt,
        coalesce(l.last_day_amt, 0) as last_day_amt,
        coalesce(l.drug_lines, 0) as drug_lines,
        coalesce(l.long_supply_lines, 0) as long_supply_lines,
        coalesce(l.supply_days, 0) as supply_days,
        coalesce(i.admdvs <> ins.admdvs, false) as is_out_district
    from setl as s
    left join lines as l on l.setl_key = s.setl_key
    left join institution as i on i.fixmedins_code = s.fixmedins_code and s.in_window
    left join insured as ins on ins.psn_no = s.psn_no and s.in_window
)

select * from final

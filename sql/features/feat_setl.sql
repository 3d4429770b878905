-- Per-settlement base for the entity feature queries (materialised as temp table feat_setl).
-- Settlements settled from $lookback_start to $end (refunds excluded); fee-line aggregates (from the
-- temp table feat_line) only for settlements inside the window [$start, $end] (in_window).
-- Visit classes: out = med_type 11/13/14, in = 21/24/28/52, pharm = 41.
-- is_out_district: the patient is insured in another district than the institution's (in-window
-- settlements only; false on look-back rows, which no feature reads it from).
with setl as (
    select
        s.setl_id,
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
),

lines as (
    select
        l.setl_id,
        sum(l.line_amt) as line_amt,
        sum(l.drug_amt) as drug_amt,
        sum(l.exam_amt) as exam_amt,
        sum(l.consumable_amt) as consumable_amt,
        sum(case when s.visit_class = 'in' and l.fee_date = cast(s.endtime as date)
            then l.line_amt else 0 end) as last_day_amt,
        cast(sum(l.drug_lines) as bigint) as drug_lines,
        cast(sum(l.long_supply_lines) as bigint) as long_supply_lines,
        coalesce(sum(l.supply_days), 0) as supply_days
    from feat_line as l
    inner join setl as s on s.setl_id = l.setl_id and s.in_window
    group by l.setl_id
),

-- in-window settlements only (the look-back rows never need it): the patient is insured in
-- another district than the institution's
district as (
    select
        s.setl_id,
        i.admdvs <> ins.admdvs as is_out_district
    from setl as s
    inner join institution as i on i.fixmedins_code = s.fixmedins_code
    inner join insured as ins on ins.psn_no = s.psn_no
    where s.in_window
),

-- look-back rows carry no fee-line aggregates (zeros), so only in-window rows are joined
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
        coalesce(d.is_out_district, false) as is_out_district
    from setl as s
    left join lines as l on l.setl_id = s.setl_id
    left join district as d on d.setl_id = s.setl_id
    where s.in_window
    union all
    select
        s.*,
        cast(0 as decimal(38, 2)) as line_amt,
        cast(0 as decimal(38, 2)) as drug_amt,
        cast(0 as decimal(38, 2)) as exam_amt,
        cast(0 as decimal(38, 2)) as consumable_amt,
        cast(0 as decimal(38, 2)) as last_day_amt,
        cast(0 as bigint) as drug_lines,
        cast(0 as bigint) as long_supply_lines,
        cast(0 as hugeint) as supply_days,
        false as is_out_district
    from setl as s
    where not s.in_window
)

select * from final

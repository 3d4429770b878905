-- Per-settlement base for the entity feature queries (materialised as temp table feat_setl).
-- Settlements settled from $lookback_start to $end (refunds excluded); fee-line aggregates are
-- computed only for settlements inside the window [$start, $end] (in_window).
-- Visit classes: out = med_type 11/13/14, in = 21/24/28/52, pharm = 41.
-- is_out_district: the patient is insured in another district than the institution's.
with cat as (
    select
        hilist_code,
        max(list_type) as list_type,
        max(med_chrgitm_type) as chrg
    from catalog_item
    group by hilist_code
),

setl as (
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
        f.setl_id,
        sum(f.det_item_fee_sumamt) as line_amt,
        sum(case when c.list_type like '1%' then f.det_item_fee_sumamt else 0 end)
            as drug_amt,
        sum(case when c.chrg in ('03', '04') then f.det_item_fee_sumamt else 0 end)
            as exam_amt,
        sum(case when c.list_type = '301' or c.chrg = '08'
            then f.det_item_fee_sumamt else 0 end) as consumable_amt,
        sum(case when s.visit_class = 'in'
            and cast(f.fee_ocur_time as date) = cast(s.endtime as date)
            then f.det_item_fee_sumamt else 0 end) as last_day_amt,
        count(*) filter (where c.list_type like '1%') as drug_lines,
        count(*) filter (where c.list_type like '1%' and f.prd_days > $long_supply_days)
            as long_supply_lines,
        coalesce(sum(f.prd_days) filter (where c.list_type like '1%'), 0) as supply_days
    from fee_line as f
    inner join setl as s on s.setl_id = f.setl_id and s.in_window
    left join cat as c on c.hilist_code = f.med_list_codg
    group by f.setl_id
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
    left join lines as l on l.setl_id = s.setl_id
    left join institution as i on i.fixmedins_code = s.fixmedins_code
    left join insured as ins on ins.psn_no = s.psn_no
)

select * from final

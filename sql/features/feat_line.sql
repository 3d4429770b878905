-- Fee lines of the settlements settled in the window [$start, $end] (refunds excluded), summed per
-- (settlement, billing staff, fee date) (materialised as temp table feat_line): the one pass over
-- fee_line that feat_setl and the staff features share.  Billing staff = the line's bilg_dr_codg,
-- else the settlement's dr_codg.  Amounts stay DECIMAL (exact sums, whatever the grouping); the
-- *_lines counts say whether a class of lines exists (a share over no such line stays NULL).
-- setl_key = the settlement's rowid (setl_id is unique in settlement): feat_setl and the staff
-- features join on it, an integer, instead of the setl_id string (a year is 12M settlements).
-- last_day_amt: lines of an inpatient stay billed on its discharge date (summed per settlement in
-- feat_setl), so feat_setl needs no join back to the settlement of each line.
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
        rowid as setl_key,
        setl_id,
        dr_codg,
        case when med_type in ('21', '24', '28', '52') then cast(endtime as date) end
            as stay_end_date
    from settlement
    where cast(setl_time as date) between $start and $end
        and not refd_setl_flag
),

classed as (
    select
        s.setl_key,
        coalesce(f.bilg_dr_codg, s.dr_codg) as staff_code,
        cast(f.fee_ocur_time as date) as fee_date,
        s.stay_end_date,
        f.det_item_fee_sumamt as amt,
        f.prd_days,
        coalesce(c.list_type like '1%', false) as is_drug,
        coalesce(c.chrg in ('03', '04'), false) as is_exam,
        coalesce(c.list_type = '301' or c.chrg = '08', false) as is_consumable
    from fee_line as f
    inner join setl as s on s.setl_id = f.setl_id
    left join cat as c on c.hilist_code = f.med_list_codg
),

final as (
    select
        setl_key,
        staff_code,
        fee_date,
        sum(amt) as line_amt,
        sum(case when fee_date = stay_end_date then amt else 0 end) as last_day_amt,
        sum(case when is_drug then amt else 0 end) as drug_amt,
        sum(case when is_exam then amt else 0 end) as exam_amt,
        sum(case when is_consumable then amt else 0 end) as consumable_amt,
        count(*) as n_lines,
        count(*) filter (where is_drug) as drug_lines,
        count(*) filter (where is_exam) as exam_lines,
        count(*) filter (where is_consumable) as consumable_lines,
        count(*) filter (where is_drug and prd_days > $long_supply_days) as long_supply_lines,
        sum(prd_days) filter (where is_drug) as supply_days
    from classed
    group by setl_key, staff_code, fee_date
)

select * from final

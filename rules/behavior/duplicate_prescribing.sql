-- 跨机构重复开药: a drug line whose supply period overlaps, by at least $min_overlap_days days, the
-- supply period (fee date + prd_days) of an earlier line of the same drug class (catalog
-- drug_class) prescribed to the same person by another institution.  The later line is flagged.
-- The earlier line may settle after it (inside a stay): a hit is kept when either line of a pair
-- settled in the window, with every overlapping earlier line as related.
with
drug_lines as (
    select
        f.setl_id, f.feedetl_sn, f.mdtrt_id, f.psn_no, f.fixmedins_code, f.bilg_dr_codg,
        f.med_list_codg, f.fee_ocur_time, f.det_item_fee_sumamt, f.prd_days, c.drug_class,
        cast(f.fee_ocur_time as date) as start_date,
        fg_in_period(s.setl_time, $period_start, $period_end) as in_window
    from fee_line as f
    inner join settlement as s on s.setl_id = f.setl_id
    inner join catalog_item as c
        on c.hilist_code = f.med_list_codg
        and c.drug_class is not null
        and fg_valid_on(f.fee_ocur_time, c.begndate, c.enddate)
    where f.prd_days > 0
),

window_persons as (
    select distinct psn_no from drug_lines where in_window
),

final as (
    select
        b.setl_id,
        b.feedetl_sn,
        any_value(b.mdtrt_id) as mdtrt_id,
        any_value(b.psn_no) as psn_no,
        any_value(b.fixmedins_code) as fixmedins_code,
        any_value(b.bilg_dr_codg) as staff_code,
        any_value(b.start_date) as event_date,
        any_value(b.det_item_fee_sumamt) as vola_amt,
        any_value(b.med_list_codg) as med_list_codg,
        any_value(b.drug_class) as drug_class,
        max(a.prd_days - date_diff('day', a.start_date, b.start_date)) as overlap_days,
        list({'setl_id': a.setl_id, 'feedetl_sn': a.feedetl_sn}) as related_lines
    from drug_lines as b
    inner join drug_lines as a
        on a.psn_no = b.psn_no
        and a.drug_class = b.drug_class
        and a.fixmedins_code <> b.fixmedins_code
        and (a.fee_ocur_time, a.setl_id, a.feedetl_sn) < (b.fee_ocur_time, b.setl_id, b.feedetl_sn)
        and a.prd_days - date_diff('day', a.start_date, b.start_date) >= $min_overlap_days
    where b.psn_no in (select psn_no from window_persons)
    group by b.setl_id, b.feedetl_sn
    having bool_or(b.in_window or a.in_window)
)

select * from final

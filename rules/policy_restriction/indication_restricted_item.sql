-- 限适应症: an item payable only for some diagnoses (knowledge point INDICATION, ICD-10 prefixes)
-- billed on a settlement none of whose diagnoses (main or other) matches.  Suspicious: the record
-- may hold the indication elsewhere.
with
restriction as (
    select kp_id, hilist_code, dise_prefixes, begndate, enddate
    from knowledge_point
    where kp_type = 'INDICATION' and dise_prefixes is not null
),

settlement_diagnoses as (
    select
        setl_id,
        setl_time,
        list_filter(
            list_concat(
                [main_diag_code],
                regexp_split_to_array(coalesce(other_diag_codes, ''), '[;,|]')
            ),
            lambda d: d is not null and trim(d) <> ''
        ) as diagnoses,
        main_diag_code
    from settlement
    where fg_in_period(setl_time, $period_start, $period_end)
),

final as (
    select
        f.setl_id,
        f.feedetl_sn,
        f.mdtrt_id,
        f.psn_no,
        f.fixmedins_code,
        f.bilg_dr_codg as staff_code,
        cast(f.fee_ocur_time as date) as event_date,
        f.det_item_fee_sumamt as vola_amt,
        f.med_list_codg,
        r.dise_prefixes as required_prefixes,
        len(d.diagnoses) as n_diagnoses,
        r.kp_id
    from fee_line as f
    inner join restriction as r
        on r.hilist_code = f.med_list_codg
        and fg_valid_on(f.fee_ocur_time, r.begndate, r.enddate)
    inner join settlement_diagnoses as d on d.setl_id = f.setl_id
    where len(list_filter(d.diagnoses, lambda x: fg_has_prefix(trim(x), r.dise_prefixes))) = 0
)

select * from final

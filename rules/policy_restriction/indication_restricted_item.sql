-- 限适应症: an item payable only for some diagnoses (knowledge point INDICATION, ICD-10
-- prefixes) billed on a settlement none of whose diagnoses (main or other) matches.  Suspicious:
-- the record may hold the indication elsewhere.
with
kp_lines as (
    select
        *,
        list_transform(
            list_concat(
                [main_diag_code],
                regexp_split_to_array(coalesce(other_diag_codes, ''), '[;,|]')
            ),
            lambda d: trim(d)
        ) as diagnosis_codes
    from fg_kp_lines('INDICATION', $period_start, $period_end)
    where kp_dise_prefixes is not null
),

final as (
    select
        setl_id,
        feedetl_sn,
        mdtrt_id,
        psn_no,
        fixmedins_code,
        staff_code,
        event_date,
        line_amt as vola_amt,
        med_list_codg,
        kp_dise_prefixes as required_prefixes,
        len(list_filter(diagnosis_codes, lambda d: d <> '')) as n_diagnoses,
        kp_id
    from kp_lines
    where len(list_filter(diagnosis_codes, lambda d: fg_has_prefix(d, kp_dise_prefixes))) = 0
)

select * from final

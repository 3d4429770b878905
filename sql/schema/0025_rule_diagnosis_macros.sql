-- Diagnosis restrictions (knowledge points DX_SEX / DX_AGE: hilist_code = ICD-10 prefix) without
-- splitting every settlement's diagnoses: a diagnosis that starts with a prefix contains it, so only
-- settlements whose diagnosis text contains a restricted prefix are split (fg_settlement_diagnoses
-- of migration 0024 splits all of them).

-- Every diagnosis (main and other; other_diag_codes split on ; , |) of a settlement settled in
-- [period_start, period_end] that starts with the prefix of a knowledge point of type kp_kind valid
-- at admission: one row per settlement, diagnosis and knowledge point.
create macro fg_restricted_diagnoses(kp_kind, period_start, period_end) as table
with
restriction as (
    select kp_id, hilist_code as dx_prefix, sex, min_age_days, max_age_days, begndate, enddate
    from knowledge_point
    where kp_type = kp_kind
),

candidates as (
    select
        s.setl_id, s.mdtrt_id, s.psn_no, s.fixmedins_code, s.dr_codg, s.setl_time, s.begntime,
        s.main_diag_code, s.other_diag_codes
    from settlement as s
    where fg_in_period(s.setl_time, period_start, period_end)
        and exists (
            select 1
            from restriction as r
            where contains(coalesce(s.main_diag_code, '') || '|' || coalesce(s.other_diag_codes, ''),
                r.dx_prefix)
        )
),

diagnoses as (
    select setl_id, mdtrt_id, psn_no, fixmedins_code, dr_codg, setl_time, begntime, diag_code
    from (
        select
            c.setl_id, c.mdtrt_id, c.psn_no, c.fixmedins_code, c.dr_codg, c.setl_time, c.begntime,
            trim(unnest(list_concat(
                [c.main_diag_code], regexp_split_to_array(coalesce(c.other_diag_codes, ''), '[;,|]')
            ))) as diag_code
        from candidates as c
    ) as d
    where diag_code is not null and diag_code <> ''
)

select d.*, r.kp_id, r.dx_prefix, r.sex, r.min_age_days, r.max_age_days
from diagnoses as d
inner join restriction as r
    on starts_with(d.diag_code, r.dx_prefix)
    and fg_valid_on(d.begntime, r.begndate, r.enddate);

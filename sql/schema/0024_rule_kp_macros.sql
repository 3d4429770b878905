-- Table macros shared by the knowledge-point restriction rules and the diagnosis rules.

-- Fee lines of settlements settled in [period_start, period_end] whose item has a knowledge point of
-- type kp_kind valid on the fee date, with the settlement, insured and institution context the
-- restriction rules compare against.  One row per (line, knowledge point).
create macro fg_kp_lines(kp_kind, period_start, period_end) as table
select
    f.setl_id,
    f.feedetl_sn,
    f.mdtrt_id,
    f.psn_no,
    f.fixmedins_code,
    f.bilg_dr_codg as staff_code,
    cast(f.fee_ocur_time as date) as event_date,
    f.det_item_fee_sumamt as line_amt,
    f.med_list_codg,
    f.fee_ocur_time,
    f.pric,
    f.cnt,
    f.prd_days,
    f.bilg_dept_codg,
    s.med_type,
    s.insutype,
    s.main_diag_code,
    s.other_diag_codes,
    i.gend,
    i.brdy,
    m.medins_lv,
    k.kp_id,
    k.sex as kp_sex,
    k.min_age_days,
    k.max_age_days,
    k.med_types as kp_med_types,
    k.min_medins_lv,
    k.insutypes as kp_insutypes,
    k.dise_prefixes as kp_dise_prefixes,
    k.dept_codes as kp_dept_codes,
    k.max_days,
    k.max_qty
from fee_line as f
inner join knowledge_point as k
    on k.kp_type = kp_kind
    and k.hilist_code = f.med_list_codg
    and fg_valid_on(f.fee_ocur_time, k.begndate, k.enddate)
inner join settlement as s on s.setl_id = f.setl_id
left join insured as i on i.psn_no = f.psn_no
left join institution as m on m.fixmedins_code = f.fixmedins_code
where fg_in_period(s.setl_time, period_start, period_end);

-- Every diagnosis (main and other; other_diag_codes split on ; , |) of settlements settled in
-- [period_start, period_end], one row per settlement and diagnosis code.
create macro fg_settlement_diagnoses(period_start, period_end) as table
select
    setl_id, mdtrt_id, psn_no, fixmedins_code, dr_codg, setl_time, begntime, diag_code
from (
    select
        s.setl_id, s.mdtrt_id, s.psn_no, s.fixmedins_code, s.dr_codg, s.setl_time, s.begntime,
        trim(unnest(list_concat(
            [s.main_diag_code], regexp_split_to_array(coalesce(s.other_diag_codes, ''), '[;,|]')
        ))) as diag_code
    from settlement as s
    where fg_in_period(s.setl_time, period_start, period_end)
) as d
where diag_code is not null and diag_code <> '';

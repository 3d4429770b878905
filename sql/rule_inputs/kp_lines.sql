-- Every fee line of a settlement settled in the window whose item has a knowledge point valid on the
-- fee date, of a type in $kp_types (the union of the types the rules reading it declare), with the
-- settlement, insured and institution context the restriction rules compare against; one row per
-- (line, knowledge point).  Read by fg_kp_lines
-- (migration 0065) for the knowledge-point restriction rules: one fee-line pass per run instead of
-- one per rule.
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
    k.kp_type,
    s.setl_time,
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
    on k.hilist_code = f.med_list_codg
    and list_contains($kp_types, k.kp_type)
    and fg_valid_on(f.fee_ocur_time, k.begndate, k.enddate)
inner join settlement as s on s.setl_id = f.setl_id
left join insured as i on i.psn_no = f.psn_no
left join institution as m on m.fixmedins_code = f.fixmedins_code
where fg_in_period(s.setl_time, $period_start, $period_end)

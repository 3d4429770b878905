-- fg_kp_lines of migration 0024, same results, reading the shared rule input rule_input.kp_lines
-- (sql/rule_inputs/kp_lines.sql: the lines of every knowledge-point type, created by the rules runner
-- once per run for the restriction rules; the period filter keeps a call exact when the input spans
-- a wider window).  The table is named by a parameter (query_table): it exists only during a run.
create or replace macro fg_kp_lines(kp_kind, period_start, period_end, kp_lines := 'rule_input.kp_lines') as table
select
    setl_id,
    feedetl_sn,
    mdtrt_id,
    psn_no,
    fixmedins_code,
    staff_code,
    event_date,
    line_amt,
    med_list_codg,
    fee_ocur_time,
    pric,
    cnt,
    prd_days,
    bilg_dept_codg,
    med_type,
    insutype,
    main_diag_code,
    other_diag_codes,
    gend,
    brdy,
    medins_lv,
    kp_id,
    kp_sex,
    min_age_days,
    max_age_days,
    kp_med_types,
    min_medins_lv,
    kp_insutypes,
    kp_dise_prefixes,
    kp_dept_codes,
    max_days,
    max_qty
from query_table(kp_lines)
where kp_type = kp_kind
    and fg_in_period(setl_time, period_start, period_end);

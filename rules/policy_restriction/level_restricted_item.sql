-- 限医疗机构级别: an item restricted to institutions of at least a level (knowledge point
-- INST_LEVEL; levels 0 未定级 < 1 < 2 < 3) billed by a lower-level institution.
with
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
        medins_lv,
        min_medins_lv,
        kp_id
    from fg_kp_lines('INST_LEVEL', $period_start, $period_end)
    where medins_lv < min_medins_lv
)

select * from final

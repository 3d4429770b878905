-- 限医疗机构级别: an item restricted to institutions of at least a given level (knowledge point
-- INST_LEVEL, min_medins_lv; levels 0 未定级 < 1 < 2 < 3) billed by a lower-level institution.
with
restriction as (
    select kp_id, hilist_code, min_medins_lv, begndate, enddate
    from knowledge_point
    where kp_type = 'INST_LEVEL' and min_medins_lv is not null
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
        m.medins_lv,
        r.min_medins_lv,
        r.kp_id
    from fee_line as f
    inner join restriction as r
        on r.hilist_code = f.med_list_codg
        and fg_valid_on(f.fee_ocur_time, r.begndate, r.enddate)
    inner join settlement as s on s.setl_id = f.setl_id
    inner join institution as m on m.fixmedins_code = f.fixmedins_code
    where fg_in_period(s.setl_time, $period_start, $period_end)
        and m.medins_lv < r.min_medins_lv
)

select * from final

-- 分解收费: components of a composite item (knowledge point COMPOSITE: hilist_code = composite,
-- related_codes = components) billed separately for the same person and institution on the same
-- day, at least $min_components distinct components.  Every such component line is a violation.
-- Lines of one day may sit in settlements settled on different days (a visit during a stay): the
-- window re-examines every person-institution-day with a component line settled in it.
with
components as (
    select distinct
        kp_id,
        hilist_code as composite_code,
        trim(unnest(string_split(related_codes, ';'))) as component_code,
        begndate,
        enddate
    from knowledge_point
    where kp_type = 'COMPOSITE' and related_codes is not null
),

component_lines as (
    select
        f.setl_id, f.feedetl_sn, f.mdtrt_id, f.psn_no, f.fixmedins_code, f.bilg_dr_codg,
        f.med_list_codg, f.det_item_fee_sumamt, c.composite_code, c.kp_id,
        cast(f.fee_ocur_time as date) as fee_date,
        fg_in_period(s.setl_time, $period_start, $period_end) as in_window
    from fee_line as f
    inner join components as c
        on c.component_code = f.med_list_codg
        and fg_valid_on(f.fee_ocur_time, c.begndate, c.enddate)
    inner join settlement as s on s.setl_id = f.setl_id
),

touched_days as (
    select distinct psn_no, fixmedins_code, fee_date
    from component_lines
    where in_window
),

day_lines as (
    select l.*
    from component_lines as l
    semi join touched_days as t
        on t.psn_no = l.psn_no and t.fixmedins_code = l.fixmedins_code and t.fee_date = l.fee_date
),

groups as (
    select
        psn_no, fixmedins_code, fee_date, composite_code,
        count(distinct med_list_codg) as n_components,
        list({'setl_id': setl_id, 'feedetl_sn': feedetl_sn}) as related_lines
    from day_lines
    group by psn_no, fixmedins_code, fee_date, composite_code
    having count(distinct med_list_codg) >= $min_components
),

final as (
    select
        l.setl_id,
        l.feedetl_sn,
        any_value(l.mdtrt_id) as mdtrt_id,
        any_value(l.psn_no) as psn_no,
        any_value(l.fixmedins_code) as fixmedins_code,
        any_value(l.bilg_dr_codg) as staff_code,
        any_value(l.fee_date) as event_date,
        any_value(l.det_item_fee_sumamt) as vola_amt,
        any_value(l.med_list_codg) as med_list_codg,
        min(l.composite_code) as composite_code,
        max(g.n_components) as n_components,
        min(l.kp_id) as kp_id,
        any_value(g.related_lines) as related_lines
    from day_lines as l
    inner join groups as g
        on g.psn_no = l.psn_no
        and g.fixmedins_code = l.fixmedins_code
        and g.fee_date = l.fee_date
        and g.composite_code = l.composite_code
    group by l.setl_id, l.feedetl_sn
)

select * from final

-- fg_included_item_lines (migration 0022) without window dependence: lines of one person,
-- institution and day may sit in settlements settled on different days (an outpatient visit during
-- a stay at the same institution), so the window re-examines every person-institution-day that has
-- a container or included line settled in it, pairing it with the lines of that day wherever they
-- settled.  One row per B line of such a day; related_lines = A lines.
create or replace macro fg_included_item_lines(kp_kind, period_start, period_end) as table
with
pairs as (
    select distinct
        kp_id,
        hilist_code as container_code,
        trim(unnest(string_split(related_codes, ';'))) as included_code,
        begndate,
        enddate
    from knowledge_point
    where kp_type = kp_kind and related_codes is not null
),

coded_lines as (
    select
        f.setl_id, f.feedetl_sn, f.mdtrt_id, f.psn_no, f.fixmedins_code, f.bilg_dr_codg,
        f.med_list_codg, f.fee_ocur_time, f.det_item_fee_sumamt,
        cast(f.fee_ocur_time as date) as fee_date,
        fg_in_period(s.setl_time, period_start, period_end) as in_window
    from fee_line as f
    inner join settlement as s on s.setl_id = f.setl_id
    where f.med_list_codg in (select container_code from pairs)
        or f.med_list_codg in (select included_code from pairs)
),

touched_days as (
    select distinct psn_no, fixmedins_code, fee_date
    from coded_lines
    where in_window
),

day_lines as (
    select l.*
    from coded_lines as l
    semi join touched_days as t
        on t.psn_no = l.psn_no and t.fixmedins_code = l.fixmedins_code and t.fee_date = l.fee_date
)

select
    b.setl_id,
    b.feedetl_sn,
    any_value(b.mdtrt_id) as mdtrt_id,
    any_value(b.psn_no) as psn_no,
    any_value(b.fixmedins_code) as fixmedins_code,
    any_value(b.bilg_dr_codg) as staff_code,
    any_value(b.fee_date) as event_date,
    any_value(b.det_item_fee_sumamt) as vola_amt,
    any_value(b.med_list_codg) as med_list_codg,
    min(p.container_code) as container_code,
    min(p.kp_id) as kp_id,
    list(distinct {'setl_id': a.setl_id, 'feedetl_sn': a.feedetl_sn}) as related_lines
from day_lines as b
inner join pairs as p
    on p.included_code = b.med_list_codg
    and fg_valid_on(b.fee_date, p.begndate, p.enddate)
inner join day_lines as a
    on a.med_list_codg = p.container_code
    and a.psn_no = b.psn_no
    and a.fixmedins_code = b.fixmedins_code
    and a.fee_date = b.fee_date
group by b.setl_id, b.feedetl_sn;

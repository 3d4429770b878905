-- 结伴住院: two persons admitted to the same institution on the same day on at least
-- $min_shared_admissions distinct days less than $lookback_days days apart.  Every stay of such a
-- pair on a shared day is flagged when the pair has that many shared days within $lookback_days of
-- that day (before or after it), so the result does not depend on the evaluation window: a window
-- re-examines every shared day within the look-back of a stay settled in it (an earlier stay can be
-- flagged when its partners' later admissions arrive).
with
admissions as (
    select setl_id, mdtrt_id, psn_no, fixmedins_code, dr_codg, medfee_sumamt,
        cast(begntime as date) as admit_date,
        fg_in_period(setl_time, $period_start, $period_end) as in_window
    from settlement
    where fg_visit_class(med_type) = 'inpatient' and not refd_setl_flag
),

pair_days as (
    select a.fixmedins_code, a.psn_no as psn_a, b.psn_no as psn_b, a.admit_date,
        bool_or(a.in_window or b.in_window) as touched
    from admissions as a
    inner join admissions as b
        on b.fixmedins_code = a.fixmedins_code
        and b.admit_date = a.admit_date
        and b.psn_no > a.psn_no
    group by a.fixmedins_code, a.psn_no, b.psn_no, a.admit_date
),

ring_pairs as (
    select fixmedins_code, psn_a, psn_b
    from pair_days
    group by fixmedins_code, psn_a, psn_b
    having count(*) >= $min_shared_admissions
),

near as (
    select d.fixmedins_code, d.psn_a, d.psn_b, d.admit_date,
        count(*) as n_shared,
        bool_or(o.touched) as touched
    from pair_days as d
    inner join ring_pairs as r
        on r.fixmedins_code = d.fixmedins_code and r.psn_a = d.psn_a and r.psn_b = d.psn_b
    inner join pair_days as o
        on o.fixmedins_code = d.fixmedins_code
        and o.psn_a = d.psn_a
        and o.psn_b = d.psn_b
        and abs(date_diff('day', o.admit_date, d.admit_date)) < $lookback_days
    group by d.fixmedins_code, d.psn_a, d.psn_b, d.admit_date
    having count(*) >= $min_shared_admissions
),

members as (
    select fixmedins_code, psn_a as psn_no, psn_b as partner, admit_date, n_shared, touched
    from near
    union all
    select fixmedins_code, psn_b, psn_a, admit_date, n_shared, touched
    from near
),

final as (
    select
        a.setl_id,
        any_value(a.mdtrt_id) as mdtrt_id,
        any_value(a.psn_no) as psn_no,
        any_value(a.fixmedins_code) as fixmedins_code,
        any_value(a.dr_codg) as staff_code,
        any_value(a.admit_date) as event_date,
        any_value(a.medfee_sumamt) as vola_amt,
        count(distinct m.partner) as n_partners,
        max(m.n_shared) as max_shared_admissions
    from admissions as a
    inner join members as m
        on m.fixmedins_code = a.fixmedins_code
        and m.psn_no = a.psn_no
        and m.admit_date = a.admit_date
    group by a.setl_id
    having bool_or(m.touched)
)

select * from final

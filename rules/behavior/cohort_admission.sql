-- 结伴住院: pairs of persons admitted to the same institution on the same day on at least
-- $min_shared_admissions distinct days (within $lookback_days days of the window end); every
-- stay of such a pair on a shared day settled in the window is flagged.
with
admissions as (
    select setl_id, mdtrt_id, psn_no, fixmedins_code, dr_codg, setl_time, medfee_sumamt,
        cast(begntime as date) as admit_date
    from settlement
    where fg_visit_class(med_type) = 'inpatient' and not refd_setl_flag
        and cast(begntime as date) <= $period_end
        and date_diff('day', cast(begntime as date), $period_end) < $lookback_days
),

pairs as (
    select a.fixmedins_code, a.psn_no as psn_a, b.psn_no as psn_b,
        count(distinct a.admit_date) as n_shared
    from admissions as a
    inner join admissions as b
        on b.fixmedins_code = a.fixmedins_code
        and b.admit_date = a.admit_date
        and b.psn_no > a.psn_no
    group by a.fixmedins_code, a.psn_no, b.psn_no
    having count(distinct a.admit_date) >= $min_shared_admissions
),

members as (
    select fixmedins_code, psn_a as psn_no, psn_b as partner, n_shared from pairs
    union all
    select fixmedins_code, psn_b, psn_a, n_shared from pairs
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
        on m.fixmedins_code = a.fixmedins_code and m.psn_no = a.psn_no
    inner join admissions as p
        on p.fixmedins_code = a.fixmedins_code
        and p.psn_no = m.partner
        and p.admit_date = a.admit_date
    where fg_in_period(a.setl_time, $period_start, $period_end)
    group by a.setl_id
)

select * from final

-- Co-admissions (materialised as temp table feat_cohort): one row per inpatient admission day of a
-- person at an institution, with is_ring = the person was admitted on the same day at the same
-- institution as some other person on at least $cohort_min_dates distinct days (结伴入院).
-- Reads feat_setl.
with adm as (
    select distinct
        fixmedins_code,
        psn_no,
        cast(begntime as date) as adm_date,
        in_window
    from feat_setl
    where visit_class = 'in'
),

pairs as (
    select
        a.fixmedins_code,
        a.psn_no as psn_a,
        b.psn_no as psn_b
    from adm as a
    inner join adm as b
        on a.fixmedins_code = b.fixmedins_code
        and a.adm_date = b.adm_date
        and a.psn_no < b.psn_no
    group by a.fixmedins_code, a.psn_no, b.psn_no
    having count(distinct a.adm_date) >= $cohort_min_dates
),

members as (
    select fixmedins_code, psn_a as psn_no from pairs
    union
    select fixmedins_code, psn_b as psn_no from pairs
),

final as (
    select
        a.fixmedins_code,
        a.psn_no,
        a.adm_date,
        a.in_window,
        m.psn_no is not null as is_ring
    from adm as a
    left join members as m on m.fixmedins_code = a.fixmedins_code and m.psn_no = a.psn_no
)

select * from final

-- Inspected units of a draw: inclusion probability, latest result, and the rules that flagged the
-- institution in the plan year (for IPW prevalence / precision / recall).
with results as (
    select *
    from inspection_result
    where draw_id = $draw_id
    qualify row_number() over (partition by fixmedins_code order by inspected_on desc, recorded_at desc) = 1
),
flags as (
    select f.fixmedins_code, list(distinct f.rule_id order by f.rule_id) as flagged_by
    from finding f
    join inspection_draw d on d.draw_id = $draw_id and year(f.event_date) = d.plan_year
    group by f.fixmedins_code
)
select o.fixmedins_code, o.stratum, o.inclusion_prob as prob, r.violation_found as violation,
       r.violation_categories, coalesce(fl.flagged_by, []) as flagged_by
from inspection_draw_object o
join results r using (fixmedins_code)
left join flags fl using (fixmedins_code)
where o.draw_id = $draw_id and o.selected
order by o.fixmedins_code

-- Inspection-object registry (检查对象名录库): every designated institution of the chosen types, with
-- its credit grade in force (or the plan's default grade), its latest risk rank, whether it was
-- inspected on site in the plan year and whether a clue exists (open case, high/critical finding in
-- the plan year, or a 举报 clue listed in the plan).
with grades as (
    select entity_id, grade
    from credit_rating_current
    where entity_type in ('institution', 'pharmacy')
),
latest_risk as (
    select entity_id, risk_score
    from (
        select entity_id, risk_score,
               row_number() over (partition by entity_id order by scored_at desc nulls last, period desc) as rn
        from risk_score
        where entity_type in ('institution', 'pharmacy') and risk_score is not null
    )
    where rn = 1
),
ranked_risk as (
    select entity_id, rank() over (order by risk_score desc, entity_id) as risk_rank
    from latest_risk
),
onsite as (
    select distinct fixmedins_code
    from inspection_result
    where onsite and year(inspected_on) = $year
),
clues as (
    select entity_id as fixmedins_code
    from case_file
    where closed_at is null and entity_type in ('institution', 'pharmacy')
    union
    select fixmedins_code
    from finding
    where severity in ('high', 'critical') and year(event_date) = $year and fixmedins_code is not null
)
select
    i.fixmedins_code,
    i.inst_type,
    i.medins_lv,
    i.admdvs,
    coalesce(g.grade, $default_grade) as grade,
    case when g.grade is null then 'default' else 'credit_rating' end as grade_source,
    o.fixmedins_code is not null as inspected_this_year,
    (c.fixmedins_code is not null or list_contains($clue_codes::varchar[], i.fixmedins_code)) as has_clue,
    r.risk_rank::integer as risk_rank
from institution i
left join grades g on g.entity_id = i.fixmedins_code
left join onsite o on o.fixmedins_code = i.fixmedins_code
left join (select distinct fixmedins_code from clues) c on c.fixmedins_code = i.fixmedins_code
left join ranked_risk r on r.entity_id = i.fixmedins_code
where list_contains($types::varchar[], i.inst_type)
  and (not $active_only or i.agreement_status = '1')
order by i.fixmedins_code

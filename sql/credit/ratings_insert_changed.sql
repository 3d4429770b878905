-- Append the computed ratings (registered relation new_ratings) whose grade, score or explanation
-- differ from the entity's last computed rating; an override stays in force until then.
insert into credit_rating (entity_type, entity_id, grade, score, as_of, explanation, next_grade_hint,
                           inspection_weight, consequences, run_id, source, overridden_by, created_at)
with last_computed as (
    select entity_type, entity_id, arg_max(grade, (as_of, created_at)) as grade,
           arg_max(score, (as_of, created_at)) as score,
           arg_max(explanation, (as_of, created_at)) as explanation
    from credit_rating
    where source = 'computed'
    group by entity_type, entity_id
)
select n.entity_type, n.entity_id, n.grade, n.score, n.as_of, n.explanation, n.next_grade_hint,
       n.inspection_weight, n.consequences::json, n.run_id, 'computed', null, n.created_at
from new_ratings n
left join last_computed l on l.entity_type = n.entity_type and l.entity_id = n.entity_id
where l.entity_id is null or l.grade <> n.grade or l.score <> n.score
   or l.explanation <> n.explanation
returning entity_id;

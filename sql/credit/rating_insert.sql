-- Append a rating row unless the last computed rating says the same (grade, score, explanation);
-- so an override stays in force until the computed rating itself changes.
insert into credit_rating (entity_type, entity_id, grade, score, as_of, explanation, next_grade_hint,
                           inspection_weight, consequences, run_id, source, overridden_by, created_at)
select $entity_type, $entity_id, $grade, $score, $as_of, $explanation, $next_grade_hint,
       $inspection_weight, $consequences, $run_id, $source, $overridden_by, $now
where $source = 'override' or not exists (
    select 1 from (
        select grade, score, explanation from credit_rating
        where entity_type = $entity_type and entity_id = $entity_id and source = 'computed'
        order by as_of desc, created_at desc limit 1
    ) last_computed
    where last_computed.grade = $grade and last_computed.score = $score
      and last_computed.explanation = $explanation)
returning entity_id;

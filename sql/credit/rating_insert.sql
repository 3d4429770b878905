-- Append one rating row (used for overrides; computed ratings go through ratings_insert_changed).
insert into credit_rating (entity_type, entity_id, grade, score, as_of, explanation, next_grade_hint,
                           inspection_weight, consequences, run_id, source, overridden_by, created_at)
values ($entity_type, $entity_id, $grade, $score, $as_of, $explanation, $next_grade_hint,
        $inspection_weight, $consequences, $run_id, $source, $overridden_by, $now)
returning entity_id;

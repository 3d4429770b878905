-- Every rating row of one institution, newest first.
select as_of, grade, score, source, overridden_by, explanation, created_at
from credit_rating
where entity_type = 'institution' and entity_id = $entity_id
order by as_of desc, created_at desc;

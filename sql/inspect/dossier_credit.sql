-- Credit rating history of one institution, newest first.
select as_of, grade, score, source, explanation
from credit_rating
where entity_id = $code and entity_type in ('institution', 'pharmacy')
order by as_of desc, created_at desc
limit 12

select entity_type, entity_id, grade, score, as_of, explanation
from credit_rating_current
order by entity_type, entity_id

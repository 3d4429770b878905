-- The latest score of every entity and period (a period is re-scored when its data changes).
select entity_type, entity_id, period, peer_group, round(risk_score, 9) as risk_score, risk_rank, band
from risk_score
qualify row_number() over (partition by entity_type, entity_id, period order by scored_at desc, run_id desc) = 1
order by entity_type, entity_id, period

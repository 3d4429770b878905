-- Latest risk score of one institution with its reasons (JSON text).
select risk_score, risk_rank, band, peer_group, period, reasons::varchar as reasons_json, model_version
from risk_score
where entity_id = $code and entity_type in ('institution', 'pharmacy')
order by scored_at desc nulls last, period desc
limit 1

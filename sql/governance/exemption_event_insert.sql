-- Append one audit event to an exemption's history (seq = last + 1).
insert into exemption_event (event_id, exemption_id, seq, action, actor, event_at, effective_date,
                             reason, payload)
select
    $exemption_id || '-' || lpad((coalesce(max(seq), 0) + 1)::varchar, 2, '0'),
    $exemption_id, coalesce(max(seq), 0) + 1, $action, $actor, $now, $effective_date, $reason,
    $payload
from exemption_event
where exemption_id = $exemption_id

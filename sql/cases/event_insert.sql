-- Append one event to a case's history (seq = last + 1).
insert into case_event (event_id, case_id, seq, event_at, actor, action, from_state, to_state,
                        reason, payload, run_id)
select
    $case_id || '-' || lpad((coalesce(max(seq), 0) + 1)::varchar, 4, '0'),
    $case_id, coalesce(max(seq), 0) + 1, $event_at, $actor, $action, $from_state, $to_state,
    $reason, $payload, $run_id
from case_event where case_id = $case_id;

-- A case's history, oldest first.
select seq, event_at, actor, action, from_state, to_state, reason, payload
from case_event where case_id = $case_id order by seq;

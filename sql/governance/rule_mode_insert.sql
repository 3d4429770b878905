-- Record one change of a rule's publication mode (append-only).
insert into rule_mode_event (event_id, rule_id, mode, changed_at, run_id, actor, source, reason)
values ($rule_id || '@' || strftime($now, '%Y%m%d%H%M%S%f'), $rule_id, $mode, $now, $run_id, $actor,
        $source, $reason)

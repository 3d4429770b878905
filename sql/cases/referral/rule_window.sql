-- The evaluation window of the run that last produced a rule's findings (fallback: their dates).
select
    coalesce(min(e.period_start), min(f.event_date)) as period_start,
    coalesce(max(e.period_end), max(f.event_date)) as period_end
from finding f
left join rule_execution e on e.run_id = f.last_run_id and e.rule_id = f.rule_id
where list_contains($finding_ids, f.finding_id) and f.rule_id = $rule_id;

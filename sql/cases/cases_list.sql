-- Cases filtered by status, district (code or name inside the queue), rule, assignee, queue and
-- minimum priority; highest priority first.  Null filters are ignored.
select c.case_id, c.entity_type, c.entity_id, c.period, c.behaviour_group, c.source, c.queue, c.status,
       c.disposition, c.severity, c.priority, c.amt_identified, c.amt_confirmed, c.amt_returned,
       c.amt_fined, c.n_findings, c.assignee, c.updated_at,
       (select max(e.event_at) from case_event e
        where e.case_id = c.case_id and e.from_state is distinct from e.to_state) as status_since
from case_file c
where ($status is null or c.status = $status)
  and ($district is null or c.district = $district or c.queue like $district || '/%')
  and ($queue is null or c.queue = $queue)
  and ($assignee is null or c.assignee = $assignee)
  and ($min_priority is null or c.priority >= $min_priority)
  and ($case_id is null or c.case_id = $case_id)
  and ($rule_id is null or exists (
        select 1 from case_finding cf join finding f using (finding_id)
        where cf.case_id = c.case_id and f.rule_id = $rule_id))
order by c.priority desc, c.case_id
limit $limit;

-- The audit history of one exemption, oldest first, with Chinese action labels.
select e.seq, e.event_at, e.actor, e.action, coalesce(c.label_zh, e.action) as action_label,
       e.effective_date, e.reason, e.payload
from exemption_event as e
left join code_list as c on c.code_type = 'exemption_action' and c.code = e.action
where e.exemption_id = $exemption_id
order by e.seq

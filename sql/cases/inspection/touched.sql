-- Cases the inspection intake touches: results received and status before the intake (null = new).
create or replace temp table touched_inspection_case as
select p.case_id, count(*)::integer as n_new, any_value(c.status) as prev_status
from pending_case_inspection p
left join case_file c using (case_id)
group by p.case_id;

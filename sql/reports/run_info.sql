-- The run the report is about: $run_id, or the latest run when $run_id is null.
select r.run_id, r.flow, r.run_date, r.status, coalesce(c.label_zh, r.status) as status_label,
       r.started_at, r.finished_at
from pipeline_run as r
left join code_list as c on c.code_type = 'run_status' and c.code = r.status
where $run_id is null or r.run_id = $run_id
order by r.started_at desc
limit 1

select r.run_id, r.flow, r.run_date, r.status, coalesce(c.label_zh, r.status) as status_label,
       r.started_at, r.finished_at,
       round(date_diff('millisecond', r.started_at, r.finished_at) / 1000.0, 1) as seconds, r.message
from pipeline_run as r
left join code_list as c on c.code_type = 'run_status' and c.code = r.status
order by r.started_at desc
limit $limit

select s.stage, coalesce(st.label_zh, s.stage) as stage_label,
       s.status, coalesce(c.label_zh, s.status) as status_label,
       s.rows, round(s.seconds, 2) as seconds, s.message, s.counts
from run_stage as s
left join code_list as st on st.code_type = 'pipeline_stage' and st.code = s.stage
left join code_list as c on c.code_type = 'run_status' and c.code = s.status
where s.run_id = $run_id
order by s.started_at

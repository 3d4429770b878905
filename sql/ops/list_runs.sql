select run_id, flow, run_date, status,
       case status when 'completed' then '完成' when 'failed' then '失败' when 'running' then '运行中'
                   when 'interrupted' then '中断' else status end as status_label,
       started_at, finished_at,
       round(date_diff('millisecond', started_at, finished_at) / 1000.0, 1) as seconds, message
from pipeline_run
order by started_at desc
limit $limit

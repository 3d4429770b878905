-- The run the report is about: $run_id, or the latest run when $run_id is null.
select run_id, flow, run_date, status, started_at, finished_at
from pipeline_run
where $run_id is null or run_id = $run_id
order by started_at desc
limit 1

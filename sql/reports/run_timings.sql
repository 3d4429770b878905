-- Stage timings of the run.
select stage, status, started_at, finished_at, rows, round(seconds, 2) as seconds, message
from run_stage
where run_id = $run_id
order by started_at, stage

update pipeline_run
set period_start = $period_start, period_end = $period_end
where run_id = $run_id

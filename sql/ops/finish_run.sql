update pipeline_run
set status = $status, finished_at = $finished_at, counts = $counts, message = $message
where run_id = $run_id

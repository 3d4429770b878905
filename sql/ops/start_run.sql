insert into pipeline_run (run_id, flow, run_date, params, status, started_at)
values ($run_id, $flow, $run_date, $params, 'running', $started_at)

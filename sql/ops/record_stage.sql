insert or replace into run_stage (run_id, stage, status, started_at, finished_at, rows, seconds, message, counts)
values ($run_id, $stage, $status, $started_at, $finished_at, $rows, $seconds, $message, $counts)

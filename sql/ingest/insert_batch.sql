-- The batch row (written in the batch transaction, or alone when the batch is rejected).
insert into ingest_batch (
    batch_id, run_id, inbox, started_at, finished_at, status, n_files, rows_read, rows_loaded,
    rows_quarantined, message
)
values (
    $batch_id, $run_id, $inbox, $started_at, cast(now() as timestamp), $status, $n_files, $rows_read,
    $rows_loaded, $rows_quarantined, $message
);

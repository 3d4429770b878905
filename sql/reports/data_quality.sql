-- Ingest batches of the run: files and rows read / loaded / quarantined.
select batch_id, status, n_files, rows_read, rows_loaded, rows_quarantined, started_at, finished_at
from ingest_batch
where run_id = $run_id
order by started_at, batch_id

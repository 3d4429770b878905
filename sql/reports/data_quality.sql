-- Ingest batches of the run: files and rows read / loaded / quarantined.
select b.batch_id, b.status, coalesce(c.label_zh, b.status) as status_label, b.n_files, b.rows_read,
       b.rows_loaded, b.rows_quarantined, b.started_at, b.finished_at
from ingest_batch as b
left join code_list as c on c.code_type = 'batch_status' and c.code = b.status
where b.run_id = $run_id
order by b.started_at, b.batch_id

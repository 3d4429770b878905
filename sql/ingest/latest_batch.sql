-- The given batch, or the most recent one when $batch_id is null.
select batch_id
from ingest_batch
where $batch_id is null or batch_id = $batch_id
order by started_at desc
limit 1;

-- Quarantined records of the run's batches by table, field and reason.
select q.target_table, q.field, q.check_name, q.severity, q.reason_zh, count(*)::bigint as n_rows
from quarantine q
join ingest_batch b using (batch_id)
where b.run_id = $run_id
group by all
order by n_rows desc, q.target_table, q.field

-- Record that run $run_id analysed the batches $batch_ids (re-marking is a no-op).
insert or ignore into batch_analysis (batch_id, run_id, analysed_at)
select unnest($batch_ids), $run_id, $analysed_at

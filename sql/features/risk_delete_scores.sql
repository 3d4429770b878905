-- Remove the rows of one (run, entity type, period) before they are written again (idempotent re-run).
delete from risk_score where run_id = $run_id and entity_type = $entity_type and period = $period

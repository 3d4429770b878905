-- Remove the drift rows of one (run, entity type, period) before they are written again.
delete from risk_feature_drift
where run_id = $run_id and entity_type = $entity_type and period = $period

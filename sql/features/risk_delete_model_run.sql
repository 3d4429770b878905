-- Remove the model-run row of one (run, entity type, period) before it is written again.
delete from risk_model_run where run_id = $run_id and entity_type = $entity_type and period = $period

-- The risk flag that opened a case (model reasons), if any.
select risk_score, band, reasons, model_version, run_id from case_flag where case_id = $case_id;

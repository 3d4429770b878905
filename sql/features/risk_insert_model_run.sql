-- Append the model-run row registered as model_run_rows (columns matched by name).
insert into risk_model_run by name select * from model_run_rows

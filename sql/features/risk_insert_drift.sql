-- Append the drift rows registered as drift_rows (columns matched by name).
insert into risk_feature_drift by name select * from drift_rows

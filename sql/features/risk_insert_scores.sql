-- Append the scored rows registered as risk_rows (columns matched by name).
insert into risk_score by name select * from risk_rows

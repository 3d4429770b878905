-- Snapshot of staff: staff of the case's institutions and the staff named in its findings.
select * from staff
where list_contains($institutions, fixmedins_code) or list_contains($staff, psn_code);

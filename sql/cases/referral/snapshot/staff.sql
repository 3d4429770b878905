-- Snapshot of staff: staff of the case's institutions and the staff named in its findings.
-- $full = true copies the whole table (peer-comparison rules need every peer).
select * from staff
where $full or (list_contains($institutions, fixmedins_code) or list_contains($staff, psn_code));

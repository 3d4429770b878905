-- Snapshot of staff_status for the snapshot's staff.
-- $full = true copies the whole table (peer-comparison rules need every peer).
select * from staff_status
where $full or (psn_code in (
    select psn_code from staff
    where list_contains($institutions, fixmedins_code) or list_contains($staff, psn_code)
));

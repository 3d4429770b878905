-- Snapshot of staff_status for the snapshot's staff.
select * from staff_status
where psn_code in (
    select psn_code from staff
    where list_contains($institutions, fixmedins_code) or list_contains($staff, psn_code)
);

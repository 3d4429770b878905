-- Snapshot of inventory_movement: rows of the case's persons or institutions (all dates, for look-back rules).
select * from inventory_movement
where list_contains($persons, psn_no) or list_contains($institutions, fixmedins_code);

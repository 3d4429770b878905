-- Snapshot of settlement: rows of the case's persons or institutions (all dates, for look-back rules).
select * from settlement
where list_contains($persons, psn_no) or list_contains($institutions, fixmedins_code);

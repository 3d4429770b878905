-- Snapshot of fee_line: rows of the case's persons or institutions (all dates, for look-back rules).
select * from fee_line
where list_contains($persons, psn_no) or list_contains($institutions, fixmedins_code);

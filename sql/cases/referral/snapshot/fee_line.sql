-- Snapshot of fee_line: rows of the case's persons or institutions (all dates, for look-back rules).
-- $full = true copies the whole table (peer-comparison rules need every peer).
select * from fee_line
where $full or (list_contains($persons, psn_no) or list_contains($institutions, fixmedins_code));

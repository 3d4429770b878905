-- Snapshot of institution: the whole table (reference data without personal information).
select * from institution;

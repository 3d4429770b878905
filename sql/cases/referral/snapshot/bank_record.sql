-- Snapshot of bank_record: the whole table (reference data without personal information).
select * from bank_record;

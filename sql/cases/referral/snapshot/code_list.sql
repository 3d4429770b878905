-- Snapshot of code_list: the whole table (reference data without personal information).
select * from code_list;

-- Snapshot of knowledge_point: the whole table (reference data without personal information).
select * from knowledge_point;

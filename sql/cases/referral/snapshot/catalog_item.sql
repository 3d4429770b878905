-- Snapshot of catalog_item: the whole table (reference data without personal information).
select * from catalog_item;

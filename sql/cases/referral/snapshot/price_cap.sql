-- Snapshot of price_cap: the whole table (reference data without personal information).
select * from price_cap;

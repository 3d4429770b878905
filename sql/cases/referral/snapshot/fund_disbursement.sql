-- Snapshot of fund_disbursement for the case's institutions.
-- $full = true copies the whole table (peer-comparison rules need every peer).
select * from fund_disbursement where list_contains($institutions, fixmedins_code);

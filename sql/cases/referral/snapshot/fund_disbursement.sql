-- Snapshot of fund_disbursement for the case's institutions.
select * from fund_disbursement where list_contains($institutions, fixmedins_code);

-- The latest business date in the data (settlements, disbursements, bank debits): the default
-- reconciliation date, so that the same data always give the same result.
select greatest(
    (select max(cast(setl_time as date)) from settlement),
    (select max(disb_date) from fund_disbursement),
    (select max(txn_date) from bank_record)
) as as_of

-- 无银行流水: a disbursement whose bank_txn_id is empty or is no debit of the expense account
-- (fg_recon_disbursements.bank_found, migration 0070); anchored on its payment date.
select *
from fg_recon_disbursement_hits(0.01, cast(null as varchar))
where not bank_found and fg_in_period(disb_date, $period_start, $period_end)

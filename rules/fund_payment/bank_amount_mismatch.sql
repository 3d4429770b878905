-- 银行流水金额不符: the expense-account debit of a disbursement differs from it by more than
-- $bank_tolerance, or several disbursements claim the same debit (fg_recon_disbursements,
-- migration 0070); anchored on the payment date.  The amount is the difference.
select * replace (abs(bank_amt - amount) as vola_amt, abs(bank_amt - amount) as fund_amt)
from fg_recon_disbursement_hits($bank_tolerance, cast(null as varchar))
where bank_amount_differs and fg_in_period(disb_date, $period_start, $period_end)

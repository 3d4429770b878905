-- 银行流水金额不符: the expense-account debit of a disbursement differs from it by more than
-- $bank_tolerance, or several disbursements claim the same debit (fg_recon_disbursements,
-- migration 0070).  Period rule: disbursements of the settle periods the window touches, event
-- date the period's last day.  The amount is the difference.
select * replace (
    last_day(cast(period || '-01' as date)) as event_date,
    abs(bank_amt - amount) as vola_amt,
    abs(bank_amt - amount) as fund_amt
)
from fg_recon_disbursement_hits($bank_tolerance, cast(null as varchar))
where bank_amount_differs and period in (select period from fg_months($period_start, $period_end))

-- 无银行流水: a disbursement whose bank_txn_id is empty or is no debit of the expense account
-- (fg_recon_disbursements.bank_found, migration 0070).  Period rule: disbursements of the settle
-- periods the window touches, event date the period's last day.
select * replace (last_day(cast(period || '-01' as date)) as event_date)
from fg_recon_disbursement_hits(0.01, cast(null as varchar))
where not bank_found and period in (select period from fg_months($period_start, $period_end))

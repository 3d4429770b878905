-- 向暂停或解除协议机构拨付: a disbursement paid while its payee's agreement is suspended (status 2,
-- after agreement_end or with no end date), or after termination (status 3) for a settle period
-- starting after agreement_end (fg_recon_disbursements.to_inactive, migration 0070).  Period rule:
-- disbursements of the settle periods the window touches, event date the period's last day.
select * replace (last_day(cast(period || '-01' as date)) as event_date)
from fg_recon_disbursement_hits(0.01, cast(null as varchar))
where to_inactive and period in (select period from fg_months($period_start, $period_end))

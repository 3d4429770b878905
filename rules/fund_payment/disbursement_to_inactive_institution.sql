-- 向暂停或解除协议机构拨付: a disbursement paid while its payee's agreement is suspended (status 2,
-- after agreement_end or with no end date), or after termination (status 3) for a settle period
-- starting after agreement_end (fg_recon_disbursements.to_inactive, migration 0070); anchored on the
-- payment date.
select *
from fg_recon_disbursement_hits(0.01, cast(null as varchar))
where to_inactive and fg_in_period(disb_date, $period_start, $period_end)

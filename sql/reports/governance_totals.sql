-- Rule-governance figures of the nightly report: exempt and shadow-mode findings to date (and new in
-- $run_id), exemptions in force on $run_date or ending within $expiring_days, shadow rules, and the
-- rules flagged 命中率突变 by this run's fire-rate check.
with st as (
    select s.status, f.vola_amt, f.first_run_id
    from finding_status as s
    join finding as f using (finding_id)
    where s.status <> 'active'
)
select
    count(*) filter (where status = 'exempt')::bigint as n_exempt,
    coalesce(sum(vola_amt) filter (where status = 'exempt'), 0)::decimal(18, 2) as amt_exempt,
    count(*) filter (where status = 'exempt' and first_run_id = $run_id)::bigint as n_exempt_new,
    count(*) filter (where status = 'shadow')::bigint as n_shadow,
    coalesce(sum(vola_amt) filter (where status = 'shadow'), 0)::decimal(18, 2) as amt_shadow,
    (select count(*) from rule_mode_current where mode = 'shadow')::bigint as n_shadow_rules,
    (select count(*) from exemption_state
     where valid_from <= $run_date and applies_to >= $run_date)::bigint as n_active_exemptions,
    (select count(*) from exemption_state
     where applies_to between $run_date and $run_date + $expiring_days)::bigint as n_expiring,
    (select coalesce(list(rule_id order by rule_id), []) from rule_fire_rate
     where run_id = $run_id and status in ('zero', 'drop', 'surge')) as fire_rate_rules
from st

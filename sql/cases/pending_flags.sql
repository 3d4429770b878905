-- High-risk entity-periods without a case flag yet: each opens (or joins) a 风险异常 case.
create or replace temp table pending_case_flag as
select
    'C' || left(sha256(r.entity_type || '|' || r.entity_id || '|' || r.period || '|' || $group), 15)
        as case_id,
    r.entity_type as subject, r.entity_id, r.period, $group as behaviour_group,
    r.run_id, r.risk_score, r.band, r.reasons, r.model_version
from case_risk r
where r.band = $band
  and r.entity_type in ('institution', 'staff', 'insured')
  and 'C' || left(sha256(r.entity_type || '|' || r.entity_id || '|' || r.period || '|' || $group), 15)
      not in (select case_id from case_flag);

-- Findings not yet in any case, with the subject they are charged to and their stable case id.
-- Subject: per-rule override lists first; then entity-level findings with a staff code → staff;
-- otherwise the institution; then staff; then the insured person.
-- Exempt and shadow-mode findings (finding_withheld, migration 0080) never become case findings.
create or replace temp table pending_case_finding as
with charged as (
    select
        f.finding_id,
        f.category as behaviour_group,
        strftime(coalesce(f.event_date, cast(f.created_at as date)), '%Y-%m') as period,
        case
            when list_contains($staff_rules, f.rule_id) and f.staff_code is not null then 'staff'
            when list_contains($insured_rules, f.rule_id) and f.psn_no is not null then 'insured'
            when list_contains($institution_rules, f.rule_id) and f.fixmedins_code is not null
                then 'institution'
            when f.hit_unit = 'entity' and f.staff_code is not null then 'staff'
            when f.fixmedins_code is not null then 'institution'
            when f.staff_code is not null then 'staff'
            else 'insured'
        end as subject,
        f.fixmedins_code, f.staff_code, f.psn_no
    from finding f
    anti join case_finding cf on cf.finding_id = f.finding_id
    anti join finding_withheld w on w.finding_id = f.finding_id
), keyed as (
    select *,
        case subject when 'staff' then staff_code when 'insured' then psn_no else fixmedins_code end
            as entity_id
    from charged
)
select
    'C' || left(sha256(subject || '|' || entity_id || '|' || period || '|' || behaviour_group), 15)
        as case_id,
    finding_id, subject, entity_id, period, behaviour_group
from keyed
where entity_id is not null;

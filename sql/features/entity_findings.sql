-- Rule findings per entity of type $entity_type in the window (reads temp table feat_finding):
-- institution = fixmedins_code, staff = staff_code, insured = psn_no.
with keyed as (
    select 'institution' as entity_type, fixmedins_code as entity_id, * from feat_finding
    where fixmedins_code is not null
    union all
    select 'staff' as entity_type, staff_code as entity_id, * from feat_finding
    where staff_code is not null
    union all
    select 'insured' as entity_type, psn_no as entity_id, * from feat_finding
    where psn_no is not null
),

final as (
    select
        entity_type,
        entity_id,
        count(*) as n_findings,
        count(*) filter (where result_type = '明确违规') as n_findings_definite,
        sum(weight) as finding_weight,
        sum(vola_amt) as vola_amt,
        sum(fund_amt) as fund_amt
    from keyed
    where entity_type = $entity_type
    group by entity_type, entity_id
)

select * from final

-- Rule findings per entity for the window [$start, $end], weighted for the rule score:
-- weight = severity weight x result-type weight (weights bound as JSON maps).
-- entity_type is institution (fixmedins_code), staff (staff_code) or insured (psn_no).
with f as (
    select
        fixmedins_code,
        staff_code,
        psn_no,
        result_type,
        cast(vola_amt as double) as vola,
        vola_amt,
        fund_amt,
        coalesce(cast(json_extract_string($severity_weight, '$."' || severity || '"') as double), 1.0)
        * coalesce(cast(json_extract_string($result_type_weight, '$."' || result_type || '"')
            as double), 1.0) as weight
    from finding
    where event_date between $start and $end
),

keyed as (
    select 'institution' as entity_type, fixmedins_code as entity_id, * from f
    where fixmedins_code is not null
    union all
    select 'staff' as entity_type, staff_code as entity_id, * from f
    where staff_code is not null
    union all
    select 'insured' as entity_type, psn_no as entity_id, * from f
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

-- Latest auditor disposition per entity of one type (view entity_disposition, cases part):
-- label 1 = confirmed violation/fraud, 0 = dismissed.
with ranked as (
    select
        entity_type,
        entity_id,
        label,
        row_number() over (
            partition by entity_type, entity_id order by decided_at desc, case_id desc
        ) as rn
    from entity_disposition
    where entity_type = $entity_type
),

final as (
    select entity_type, entity_id, label from ranked where rn = 1
)

select * from final

-- Feature drift of the latest scored run (optionally one entity type), worst first.
with latest as (
    select run_id
    from risk_feature_drift
    where $entity_type is null or entity_type = $entity_type
    order by computed_at desc, run_id desc
    limit 1
),

final as (
    select
        d.entity_type,
        d.period,
        d.feature,
        d.label_zh,
        round(d.psi, 4) as psi,
        d.train_median,
        d.current_median,
        d.status,
        d.model_version,
        d.run_id
    from risk_feature_drift as d
    inner join latest as l on l.run_id = d.run_id
    where $entity_type is null or d.entity_type = $entity_type
)

select * from final
order by psi desc, entity_type, feature

-- The latest risk score per entity and period (anomaly stage output), as the case builder reads it.
create or replace temp view case_risk as
select entity_type, entity_id, cast(period as varchar) as period, risk_score, band, reasons,
       model_version, run_id
from (
    select *, row_number() over (
        partition by entity_type, entity_id, cast(period as varchar)
        order by scored_at desc nulls last, run_id desc
    ) as rn
    from risk_score
)
where rn = 1;

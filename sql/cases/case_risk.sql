-- The latest risk score per entity and month (anomaly stage output), as the case builder reads it.
-- Span periods (`fundguard risk score`, labels like 2026-01..2026-12) are annual planning rankings:
-- the nightly months already open the cases, so a review does not open a second case per entity.
create or replace temp view case_risk as
select entity_type, entity_id, cast(period as varchar) as period, risk_score, band, reasons,
       model_version, run_id
from (
    select *, row_number() over (
        partition by entity_type, entity_id, cast(period as varchar)
        order by scored_at desc nulls last, run_id desc
    ) as rn
    from risk_score
    where not contains(cast(period as varchar), '..')
)
where rn = 1;

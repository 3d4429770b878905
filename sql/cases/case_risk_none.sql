-- Stand-in for case_risk while no risk_score table exists (anomaly stage not installed).
create or replace temp view case_risk as
select null::varchar as entity_type, null::varchar as entity_id, null::varchar as period,
       null::double as risk_score, null::varchar as band, null::json as reasons,
       null::varchar as model_version, null::varchar as run_id
where false;

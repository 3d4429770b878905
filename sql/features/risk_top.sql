-- Highest-risk entities of one type in the latest scored run of a period ($period null = latest
-- period), optionally limited to a district (admdvs code or district name).
with latest as (
    select run_id, period
    from risk_score
    where entity_type = $entity_type and ($period is null or period = $period)
    order by scored_at desc, run_id desc
    limit 1
),

scoped as (
    select
        r.*,
        coalesce(i.fixmedins_name, si.fixmedins_name) as inst_name,
        coalesce(i.district_name, si.district_name) as district_name
    from risk_score as r
    inner join latest as l on l.run_id = r.run_id and l.period = r.period
    left join institution as i
        on r.entity_type = 'institution' and i.fixmedins_code = r.entity_id
    left join staff as s on r.entity_type = 'staff' and s.psn_code = r.entity_id
    left join institution as si on si.fixmedins_code = s.fixmedins_code
    where r.entity_type = $entity_type
),

final as (
    select
        risk_rank,
        entity_id,
        inst_name,
        admdvs,
        district_name,
        period,
        peer_group,
        round(risk_score, 1) as risk_score,
        band,
        round(anomaly_pct, 1) as anomaly_pct,
        round(rule_score, 1) as rule_score,
        n_findings,
        vola_amt,
        round(supervised_pct, 1) as supervised_pct,
        reasons,
        model_version,
        run_id
    from scoped
    where $district is null or admdvs = $district or district_name = $district
)

select * from final
order by risk_rank, entity_id
limit $n

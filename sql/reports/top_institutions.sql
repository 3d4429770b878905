-- Top $top institutions by latest risk score, with grade and amount at risk of their findings.
with latest as (
    select entity_id, risk_score, band, reasons::varchar as reasons_json
    from risk_score
    where entity_type in ('institution', 'pharmacy')
    qualify row_number() over (partition by entity_id order by scored_at desc nulls last, period desc) = 1
),
amounts as (
    select fixmedins_code, count(*)::bigint as n_findings, sum(vola_amt)::decimal(18, 2) as vola_amt
    from finding
    group by fixmedins_code
)
select row_number() over (order by l.risk_score desc, l.entity_id) as rank,
       l.entity_id as fixmedins_code, i.fixmedins_name, coalesce(i.district_name, i.admdvs) as district,
       round(l.risk_score, 1) as risk_score, l.band, g.grade as credit_grade,
       coalesce(a.n_findings, 0)::bigint as n_findings, coalesce(a.vola_amt, 0)::decimal(18, 2) as vola_amt,
       l.reasons_json
from latest l
left join institution i on i.fixmedins_code = l.entity_id
left join credit_rating_current g on g.entity_id = l.entity_id and g.entity_type in ('institution', 'pharmacy')
left join amounts a on a.fixmedins_code = l.entity_id
order by rank
limit $top

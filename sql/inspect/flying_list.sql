-- Flying-inspection case list (domain reference §4.3): one row per (institution, rule) for the top
-- $top institutions ranked by latest risk score (then amount at risk), findings dated in
-- [$date_from, $date_to] (entity findings without a date included), optionally one district
-- ($district matches admdvs or district name).  An institution in the high risk band without any
-- finding gets one row with a null rule_id (智能监控提示 from the anomaly model alone).
with in_district as (
    select *
    from institution
    where $district is null or admdvs = $district or district_name = $district
),
scoped as (
    select f.*
    from finding f
    join in_district i using (fixmedins_code)
    where f.event_date is null or f.event_date between $date_from and $date_to
),
latest_risk as (
    select entity_id, risk_score, band, reasons::varchar as reasons_json
    from risk_score
    where entity_type in ('institution', 'pharmacy')
    qualify row_number() over (partition by entity_id order by scored_at desc nulls last, period desc) = 1
),
candidates as (
    select fixmedins_code, sum(vola_amt) as inst_amount
    from scoped
    group by fixmedins_code
    union all
    select r.entity_id, 0
    from latest_risk r
    join in_district i on i.fixmedins_code = r.entity_id
    where r.band = '高' and r.entity_id not in (select fixmedins_code from scoped)
),
ranked as (
    select c.fixmedins_code, c.inst_amount, r.risk_score, r.band, r.reasons_json,
           row_number() over (order by r.risk_score desc nulls last, c.inst_amount desc, c.fixmedins_code) as inst_rank
    from candidates c
    left join latest_risk r on r.entity_id = c.fixmedins_code
    qualify inst_rank <= $top
),
lines as (
    select l.finding_id,
           count(*) filter (where l.vola_item_type = '1') as n_lines_violating,
           count(*) filter (where l.vola_item_type = '2') as n_lines_involved
    from finding_line l
    join scoped s using (finding_id)
    group by l.finding_id
),
case_status as (
    select cf.finding_id, c.status
    from case_finding cf
    join case_file c using (case_id)
)
select
    k.inst_rank,
    k.fixmedins_code,
    i.fixmedins_name,
    i.medins_lv,
    i.inst_type,
    coalesce(i.district_name, i.admdvs) as district,
    g.grade as credit_grade,
    k.risk_score,
    k.band,
    k.reasons_json,
    s.rule_id,
    any_value(s.gz_code) as gz_code,
    any_value(s.rule_name) as rule_name,
    any_value(s.category) as category,
    any_value(s.result_type) as result_type,
    arg_max(s.severity, case s.severity when 'critical' then 4 when 'high' then 3 when 'medium' then 2 else 1 end) as severity_max,
    any_value(s.legal_basis) as legal_basis,
    count(s.finding_id)::bigint as n_findings,
    count(distinct s.setl_id)::bigint as n_settlements,
    count(distinct s.mdtrt_id)::bigint as n_visits,
    list(s.setl_id order by s.vola_amt desc, s.setl_id) filter (where s.setl_id is not null)[1:5] as sample_setl_ids,
    coalesce(sum(l.n_lines_violating), 0)::bigint as n_lines_violating,
    coalesce(sum(l.n_lines_involved), 0)::bigint as n_lines_involved,
    coalesce(sum(s.vola_amt), 0)::decimal(18, 2) as vola_amt,
    coalesce(sum(s.fund_amt), 0)::decimal(18, 2) as fund_amt,
    min(s.event_date) as first_date,
    max(s.event_date) as last_date,
    string_agg(distinct cs.status, '、' order by cs.status) as case_status
from ranked k
join institution i using (fixmedins_code)
left join scoped s using (fixmedins_code)
left join credit_rating_current g on g.entity_id = k.fixmedins_code and g.entity_type in ('institution', 'pharmacy')
left join lines l using (finding_id)
left join case_status cs using (finding_id)
group by all
order by k.inst_rank, vola_amt desc, s.rule_id

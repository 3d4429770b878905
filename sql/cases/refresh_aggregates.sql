-- Recompute amounts, severity, legal basis, risk and priority of open (and just touched) cases.
-- Evidence = the case's findings plus the inspection results with violations it holds (migration 0051;
-- their stated legal basis and severity, else $inspection_basis / $inspection_severity; 明确违规).
-- Only rows whose values change are written, so a re-run leaves every case as it was.
update case_file c set
    n_findings = a.n_findings, amt_identified = a.amt, fund_identified = a.fund,
    severity = a.severity, legal_basis = a.legal_basis, result_type = a.result_type,
    risk_score = a.risk_score, priority = a.priority, updated_at = $now, last_run_id = $run_id
from (
    with evidence as (
        select cf.case_id, true as is_finding, f.vola_amt, f.fund_amt, f.severity, f.legal_basis,
            f.result_type
        from case_finding cf join finding f using (finding_id)
        union all
        select ci.case_id, false, r.violation_amount, r.fund_loss,
            coalesce(r.severity, $inspection_severity), coalesce(r.legal_basis, $inspection_basis),
            '明确违规'
        from (select distinct case_id, result_id from case_inspection) ci
        join inspection_result r using (result_id)
        where r.violation_found
    ), agg as (
        select f.case_id, count(*) filter (where f.is_finding)::integer as n_findings,
            sum(f.vola_amt)::decimal(18, 2) as amt, sum(f.fund_amt)::decimal(18, 2) as fund,
            arg_max(f.severity, list_position(['low', 'medium', 'high', 'critical'], f.severity))
                as severity,
            arg_max(f.legal_basis, case
                when f.legal_basis similar to '.*第(40|四十)条.*' then 4
                when f.legal_basis similar to '.*第(41|四十一)条.*' then 3
                when f.legal_basis similar to '.*第(38|三十八)条.*' then 2
                when f.legal_basis similar to '.*第(39|三十九)条.*' then 1 else 0 end) as legal_basis,
            case when bool_or(f.result_type = '明确违规') then '明确违规' else '可疑' end as result_type
        from evidence f
        group by f.case_id
    )
    select c0.case_id, coalesce(agg.n_findings, 0) as n_findings,
        coalesce(agg.amt, 0)::decimal(18, 2) as amt, coalesce(agg.fund, 0)::decimal(18, 2) as fund,
        coalesce(agg.severity, case when fl.case_id is not null then 'high' end) as severity,
        agg.legal_basis, coalesce(agg.result_type, '可疑') as result_type,
        r.risk_score,
        (greatest(coalesce(agg.amt, 0), $min_amount)
            * coalesce($weights[list_position($severities, coalesce(agg.severity, 'high'))], 1)
            * (1 + coalesce(r.risk_score, 0)::decimal(18, 4) / $risk_scale))::decimal(18, 2)
            as priority
    from case_file c0
    left join agg using (case_id)
    left join case_flag fl on fl.case_id = c0.case_id
    left join case_risk r on r.entity_type = case when c0.entity_type = 'pharmacy' then 'institution'
        else c0.entity_type end and r.entity_id = c0.entity_id and r.period = c0.period
    where c0.status <> '结案' or c0.case_id in (select case_id from touched_case)
) a
where c.case_id = a.case_id
  and (c.n_findings, c.amt_identified, c.fund_identified, c.severity, c.legal_basis, c.result_type,
       c.risk_score, c.priority)
      is distinct from
      (a.n_findings, a.amt, a.fund, a.severity, a.legal_basis, a.result_type, a.risk_score, a.priority);

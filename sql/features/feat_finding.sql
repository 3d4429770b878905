-- Rule findings attributed to the window (materialised as temp table feat_finding): findings whose
-- event_date lies in [$start, $end], plus findings without an event date (entity-level rules) last
-- produced by a rule execution whose evaluation period overlaps the window.
-- weight = severity weight x result-type weight (weights bound as JSON maps).
-- Exempt and shadow-mode findings (finding_withheld, migration 0080) do not count.
with undated_runs as (
    select distinct run_id, rule_id
    from rule_execution
    where period_start <= $end and period_end >= $start
),

final as (
    select
        f.finding_id,
        f.fixmedins_code,
        f.staff_code,
        f.psn_no,
        f.result_type,
        f.vola_amt,
        f.fund_amt,
        coalesce(cast(json_extract_string($severity_weight, '$."' || f.severity || '"') as double),
            1.0)
        * coalesce(cast(json_extract_string($result_type_weight, '$."' || f.result_type || '"')
            as double), 1.0) as weight
    from finding as f
    left join undated_runs as u on u.run_id = f.last_run_id and u.rule_id = f.rule_id
    anti join finding_withheld as w on w.finding_id = f.finding_id
    where f.event_date between $start and $end
        or (f.event_date is null and u.rule_id is not null)
)

select * from final

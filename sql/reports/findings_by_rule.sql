-- Findings per rule: new in this run, all to date, and this run's execution outcome and coverage.
with per_rule as (
    select rule_id, any_value(rule_name) as rule_name, any_value(category) as category,
           count(*) filter (where first_run_id = $run_id)::bigint as n_new,
           coalesce(sum(vola_amt) filter (where first_run_id = $run_id), 0)::decimal(18, 2) as amt_new,
           count(*)::bigint as n_total,
           sum(vola_amt)::decimal(18, 2) as amt_total
    from finding
    group by rule_id
)
select coalesce(p.rule_id, e.rule_id) as rule_id, p.rule_name, p.category,
       coalesce(p.n_new, 0)::bigint as n_new, coalesce(p.amt_new, 0)::decimal(18, 2) as amt_new,
       coalesce(p.n_total, 0)::bigint as n_total, coalesce(p.amt_total, 0)::decimal(18, 2) as amt_total,
       e.outcome, coalesce(c.label_zh, e.outcome) as outcome_label,
       round(100 * e.coverage, 1) as coverage_pct
from per_rule p
full join (select * from rule_execution where run_id = $run_id) e using (rule_id)
left join code_list as c on c.code_type = 'rule_outcome' and c.code = e.outcome
order by amt_total desc, rule_id

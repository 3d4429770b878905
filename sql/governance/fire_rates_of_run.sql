-- The fire-rate check of one run's rules with Chinese status labels.
select r.rule_id, r.rule_version, r.n_hits, r.n_input_rows, round(r.hit_rate, 4) as hit_rate,
       round(r.baseline_rate, 4) as baseline_rate, r.n_history, round(r.expected_hits, 2) as expected_hits,
       r.status, coalesce(c.label_zh, r.status) as status_label
from rule_fire_rate as r
left join code_list as c on c.code_type = 'fire_rate_status' and c.code = r.status
where r.run_id = $run_id
order by r.rule_id

-- Per rule: publication mode, exempt / shadow findings to date and the fire-rate check of $run_id.
with statuses as (
    select s.rule_id,
        count(*) filter (where s.status = 'exempt')::bigint as n_exempt,
        count(*) filter (where s.status = 'shadow')::bigint as n_shadow
    from finding_status as s
    group by s.rule_id
),
rules as (
    select rule_id from statuses
    union select rule_id from rule_mode_current
    union select rule_id from rule_fire_rate where run_id = $run_id
)
select r.rule_id, coalesce(m.mode, 'live') as mode,
       coalesce(mc.label_zh, m.mode, '正式运行') as mode_label,
       coalesce(s.n_exempt, 0)::bigint as n_exempt, coalesce(s.n_shadow, 0)::bigint as n_shadow,
       round(fr.hit_rate, 4) as hit_rate, round(fr.baseline_rate, 4) as baseline_rate,
       fr.status as fire_rate_status, coalesce(fc.label_zh, fr.status) as fire_rate_label
from rules as r
left join rule_mode_current as m using (rule_id)
left join statuses as s using (rule_id)
left join rule_fire_rate as fr on fr.rule_id = r.rule_id and fr.run_id = $run_id
left join code_list as mc on mc.code_type = 'rule_mode' and mc.code = m.mode
left join code_list as fc on fc.code_type = 'fire_rate_status' and fc.code = fr.status
order by r.rule_id

-- The latest score of one entity (optionally of one type and period).
select
    r.*,
    coalesce(i.fixmedins_name, si.fixmedins_name) as inst_name
from risk_score as r
left join institution as i on r.entity_type = 'institution' and i.fixmedins_code = r.entity_id
left join staff as s on r.entity_type = 'staff' and s.psn_code = r.entity_id
left join institution as si on si.fixmedins_code = s.fixmedins_code
where r.entity_id = $entity_id
    and ($entity_type is null or r.entity_type = $entity_type)
    and ($period is null or r.period = $period)
order by r.period desc, r.scored_at desc, r.run_id desc
limit 1

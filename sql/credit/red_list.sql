-- 红名单: institutions rated in the red-list grades with no confirmed case decided since $since.
select r.entity_id, i.fixmedins_name, coalesce(i.district_name, i.admdvs) as district, r.grade,
       r.score, r.as_of
from credit_rating_current r
left join institution i on i.fixmedins_code = r.entity_id
where r.entity_type = 'institution' and list_contains($grades, r.grade)
  and not exists (
      select 1 from case_file c
      where c.entity_id = r.entity_id and c.entity_type in ('institution', 'pharmacy')
        and c.disposition in ('确认违规', '确认欺诈') and c.decided_at >= $since)
order by r.entity_id;

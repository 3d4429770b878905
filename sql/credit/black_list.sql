-- 黑名单 (机构): institutions rated in the black-list grades, with their latest confirmed case.
select r.entity_id, i.fixmedins_name, coalesce(i.district_name, i.admdvs) as district, r.grade,
       r.score, r.as_of, r.explanation,
       (select max(c.case_id) from case_file c where c.entity_id = r.entity_id
          and c.disposition in ('确认违规', '确认欺诈')) as case_id
from credit_rating_current r
left join institution i on i.fixmedins_code = r.entity_id
where r.entity_type = 'institution' and list_contains($grades, r.grade)
order by r.score, r.entity_id;

-- Ratings in force with the institution's name, type and district; filter by grade.
select r.entity_id, i.fixmedins_name, i.inst_type, coalesce(i.district_name, i.admdvs) as district,
       r.grade, r.score, r.as_of, r.inspection_weight, r.source, r.explanation, r.next_grade_hint,
       r.consequences
from credit_rating_current r
left join institution i on i.fixmedins_code = r.entity_id
where r.entity_type = 'institution' and ($grade is null or r.grade = $grade)
  and ($entity_id is null or r.entity_id = $entity_id)
order by r.score, r.entity_id;

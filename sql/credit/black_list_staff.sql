-- 黑名单 (医务人员): payment eligibility suspended or terminated on $as_of by credit scoring.
select s.psn_code, st.fixmedins_code,
       case s.status when '2' then '暂停' when '3' then '终止' else s.status end as status_zh,
       s.begin_date, s.end_date, s.reason
from staff_status s
left join staff st on st.psn_code = s.psn_code
where s._source_file = 'credit/staff_points' and s.status in ('2', '3')
  and s.begin_date <= $as_of and (s.end_date is null or s.end_date >= $as_of)
order by s.psn_code, s.begin_date;

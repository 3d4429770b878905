-- Staff scoring per person and year with the latest status written by scoring.
select p.psn_code, p.score_year, sum(p.points)::integer as points, count(*)::integer as n_events,
       (select case s.status when '2' then '暂停' when '3' then '终止' else '正常' end
          from staff_status s where s.psn_code = p.psn_code and s._source_file = 'credit/staff_points'
          order by s.begin_date desc limit 1) as status_zh
from staff_points p
where ($psn_code is null or p.psn_code = $psn_code)
group by p.psn_code, p.score_year
order by points desc, p.psn_code;

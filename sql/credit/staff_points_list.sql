-- Staff scoring events (optionally one person), in order.
select event_id, psn_code, score_year, event_date, points, responsibility, case_id, reason, source
from staff_points
where ($psn_code is null or psn_code = $psn_code)
order by psn_code, event_date, event_id;

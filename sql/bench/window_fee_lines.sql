-- Fee lines of settlements settled in the window (the volume a rules run covers).
select count(*) as n_fee_lines
from fee_line as f
inner join settlement as s on s.setl_id = f.setl_id
where cast(s.setl_time as date) between $period_start and $period_end

-- The window of the latest completed run of the same flow and business date.
select period_start, period_end
from pipeline_run
where flow = $flow and run_date = $run_date and status = 'completed' and period_start is not null
order by started_at desc
limit 1

-- Cases per status: open now, opened by this run, closed in [$date_from, $date_to].
select status,
       count(*)::bigint as n_cases,
       count(*) filter (where first_run_id = $run_id)::bigint as n_new,
       count(*) filter (where closed_at::date between $date_from and $date_to)::bigint as n_closed,
       sum(amt_identified)::decimal(18, 2) as amt_identified
from case_file
group by status
order by status

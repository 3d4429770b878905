-- Amount at risk per event date over [$date_from, $date_to] (days without findings omitted).
select event_date, count(*)::bigint as n_findings, sum(vola_amt)::decimal(18, 2) as vola_amt,
       sum(fund_amt)::decimal(18, 2) as fund_amt
from finding
where event_date between $date_from and $date_to
group by event_date
order by event_date

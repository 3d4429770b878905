-- Cases opened by this run or closed in [$date_from, $date_to] (at most 50, largest first).
-- Insured persons' numbers are masked: the report is read widely.
select case_id, entity_type,
       case when entity_type = 'insured' then left(entity_id, 4) || '****' else entity_id end as entity_id,
       behaviour_group, source, status, disposition, amt_identified, opened_at, closed_at,
       case when first_run_id = $run_id then '新立案' else '已结案' end as change
from case_file
where first_run_id = $run_id or closed_at::date between $date_from and $date_to
order by change desc, amt_identified desc, case_id
limit 50

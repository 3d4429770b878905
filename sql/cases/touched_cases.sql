-- Cases this build touches: how many findings each receives and its status before the build
-- (null = a new case).
create or replace temp table touched_case as
with incoming as (
    select case_id, count(*) as n_new from pending_case_finding group by case_id
    union all
    select case_id, 0 from pending_case_flag
)
select i.case_id, sum(i.n_new)::integer as n_new, any_value(c.status) as prev_status
from incoming i
left join case_file c using (case_id)
group by i.case_id;

-- Findings per district (institution district): new in this run and all to date.
select coalesce(i.district_name, i.admdvs, '未知') as district,
       count(*) filter (where f.first_run_id = $run_id)::bigint as n_new,
       coalesce(sum(f.vola_amt) filter (where f.first_run_id = $run_id), 0)::decimal(18, 2) as amt_new,
       count(*)::bigint as n_total,
       sum(f.vola_amt)::decimal(18, 2) as amt_total
from finding f
left join institution i using (fixmedins_code)
group by all
order by amt_total desc, district

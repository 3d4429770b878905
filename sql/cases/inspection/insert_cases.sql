-- New case files for pending inspection results: the institution (or pharmacy) as subject, the
-- source as behaviour group, the workflow entry step of that source, district and queue from the registry.
insert into case_file (case_id, entity_type, entity_id, period, behaviour_group, district, queue,
                       status, source, opened_at, updated_at, first_run_id, last_run_id)
select p.case_id,
    case when any_value(i.inst_type) = 'P' then 'pharmacy' else 'institution' end,
    p.entity_id, p.period, p.source, any_value(i.admdvs),
    coalesce(any_value(i.district_name), any_value(i.admdvs), '未知区县') || '/'
        || case when any_value(i.inst_type) = 'P' then '药店' else '医疗机构' end,
    case p.source when $onsite_source then $onsite_state else $offsite_state end,
    p.source, $now, $now, $run_id, $run_id
from pending_case_inspection p
left join institution i on i.fixmedins_code = p.entity_id
where p.case_id not in (select case_id from case_file)
group by p.case_id, p.entity_id, p.period, p.source;

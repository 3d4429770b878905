-- New case files (status 初审) with district and queue from the subject's registry entry.
insert into case_file (case_id, entity_type, entity_id, period, behaviour_group, district, queue,
                       status, opened_at, updated_at, first_run_id, last_run_id)
with subjects as (
    select distinct case_id, subject, entity_id, period, behaviour_group from pending_case_finding
    union
    select distinct case_id, subject, entity_id, period, behaviour_group from pending_case_flag
), placed as (
    select s.*,
        case when s.subject = 'institution' and i.inst_type = 'P' then 'pharmacy' else s.subject end
            as entity_type,
        coalesce(i.admdvs, si.admdvs, p.admdvs) as district,
        coalesce(i.district_name, si.district_name, i.admdvs, si.admdvs, p.admdvs, '未知区县')
            as district_label
    from subjects s
    left join institution i on s.subject = 'institution' and i.fixmedins_code = s.entity_id
    left join staff st on s.subject = 'staff' and st.psn_code = s.entity_id
    left join institution si on si.fixmedins_code = st.fixmedins_code
    left join insured p on s.subject = 'insured' and p.psn_no = s.entity_id
)
select case_id, entity_type, entity_id, period, behaviour_group, district,
    district_label || '/' || case entity_type when 'institution' then '医疗机构'
        when 'pharmacy' then '药店' when 'staff' then '医务人员' else '参保人' end,
    '初审', $now, $now, $run_id, $run_id
from placed
where case_id not in (select case_id from case_file);

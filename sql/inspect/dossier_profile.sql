-- Profile of one institution with Chinese code labels.
select
    i.fixmedins_code, i.fixmedins_name,
    coalesce(t.label_zh, i.inst_type) as inst_type_zh,
    coalesce(l.label_zh, i.medins_lv) as medins_lv_zh,
    i.admdvs, i.district_name,
    coalesce(a.label_zh, i.agreement_status) as agreement_status_zh,
    i.agreement_begin, i.agreement_end, i.open_beds
from institution i
left join code_list t on t.code_type = 'inst_type' and t.code = i.inst_type
left join code_list l on l.code_type = 'medins_lv' and l.code = i.medins_lv
left join code_list a on a.code_type = 'agreement_status' and a.code = i.agreement_status
where i.fixmedins_code = $code

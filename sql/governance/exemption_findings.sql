-- The findings one exemption covers (no personal data columns), newest first, and their case if any.
select f.finding_id, f.rule_id, f.setl_id, f.fixmedins_code, f.staff_code, f.event_date,
       f.vola_amt, cf.case_id
from finding_exemption as x
join finding as f using (finding_id)
left join case_finding as cf using (finding_id)
where x.exemption_id = $exemption_id
order by f.event_date desc nulls last, f.finding_id
limit $limit

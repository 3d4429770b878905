-- The pending results (pending_case_inspection) with their content and their case's current status
-- (null = a new case), for the case events and the user's message.
select p.case_id, p.entity_id, p.period, p.source, p.corrected, c.status as prev_status,
       r.result_id, r.draw_id, r.inspected_on, r.violation_found, r.violation_categories,
       r.violation_amount, r.fund_loss, r.legal_basis, r.severity, r.handling
from pending_case_inspection p
join inspection_result r using (result_id)
left join case_file c using (case_id)
order by p.case_id, r.inspected_on, r.result_id;

-- The inspection results a case holds (current content), oldest first.
select r.result_id, r.draw_id, r.inspected_on, r.onsite, r.items_checked, r.violation_found,
       r.violation_categories, r.violation_amount, r.fund_loss, r.legal_basis, r.severity,
       r.conclusion, r.handling, r.source_file, min(ci.added_at) as linked_at
from case_inspection ci
join inspection_result r using (result_id)
where ci.case_id = $case_id
group by all
order by r.inspected_on, r.result_id;

-- Inspection results recorded at or after $since (for the credit ledger and case building).
select result_id, draw_id, fixmedins_code, inspected_on, onsite, items_checked, violation_found,
       violation_categories, violation_amount, fund_loss, conclusion, handling, recorded_at
from inspection_result
where recorded_at >= $since
order by recorded_at, result_id

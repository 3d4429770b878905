-- On-site inspections that found no violation (each leaves a 0-point note in the institution's ledger).
select result_id, fixmedins_code as entity_id, inspected_on, draw_id, items_checked
from inspection_result
where onsite and not violation_found
order by inspected_on, result_id;

-- Earlier inspection results of one institution.
select inspected_on, onsite, items_checked, violation_found, violation_amount, conclusion, handling
from inspection_result
where fixmedins_code = $code
order by inspected_on desc
limit 10

-- Exemptions of the same rule and exactly the same scope whose covered dates overlap the new one.
select exemption_id
from exemption_state
where rule_id = $rule_id
    and fixmedins_code is not distinct from $fixmedins_code
    and staff_code is not distinct from $staff_code
    and psn_no is not distinct from $psn_no
    and med_list_codg is not distinct from $med_list_codg
    and valid_from <= $valid_to
    and applies_to >= $valid_from
order by exemption_id

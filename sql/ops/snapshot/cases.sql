select case_id, entity_type, entity_id, period, behaviour_group, status, disposition, priority,
       amt_identified, fund_identified, n_findings
from case_file
order by case_id

-- Every rule that has findings, with its category label and name.
select rule_id, any_value(rule_name) as rule_name, any_value(category) as category
from finding
group by rule_id
order by rule_id

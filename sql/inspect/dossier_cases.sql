-- Open cases of one institution.
select case_id, behaviour_group, status, severity, amt_identified, opened_at, assignee
from case_file
where entity_id = $code and closed_at is null
order by opened_at desc, case_id

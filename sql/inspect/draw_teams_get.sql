-- Stored teams of a draw.
select fixmedins_code, inspector_id, role
from inspection_team
where draw_id = $draw_id
order by fixmedins_code, role, inspector_id

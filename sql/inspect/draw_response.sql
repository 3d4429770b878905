-- Drawn institutions of a draw and how many have a recorded result.
select count(*)::bigint as n_selected,
       count(*) filter (where fixmedins_code in (
           select fixmedins_code from inspection_result where draw_id = $draw_id))::bigint as n_with_result
from inspection_draw_object
where draw_id = $draw_id and selected

-- Drawn institutions of a draw, how many have a recorded result, and how many were excluded
-- (excluded objects have inclusion probability 0 and are outside what the estimates cover).
select count(*) filter (where selected)::bigint as n_selected,
       count(*) filter (where selected and fixmedins_code in (
           select fixmedins_code from inspection_result where draw_id = $draw_id))::bigint as n_with_result,
       count(*) filter (where selection_kind = 'excluded')::bigint as n_excluded
from inspection_draw_object
where draw_id = $draw_id

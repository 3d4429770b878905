-- (inspector, institution) pairs of the last $n_draws draws: the rotation rule avoids repeating them.
select distinct t.inspector_id, t.fixmedins_code
from inspection_team t
join (
    select draw_id from inspection_draw order by created_at desc, draw_id limit $n_draws
) d using (draw_id)

-- Stored draws, newest first.
select draw_id, plan_name, plan_year, check_item, seed, algorithm_version, n_objects, n_selected,
       registry_fingerprint, created_at
from inspection_draw
order by created_at desc, draw_id

-- Stored objects of a draw, in code order.
select fixmedins_code, stratum, credit_grade, grade_source, selection_kind, inclusion_prob, selected,
       exclusion_reason
from inspection_draw_object
where draw_id = $draw_id
order by fixmedins_code

-- 公示 list of a draw: one row per drawn institution with the check item and the team's inspector ids
-- (names come from the draw's frozen roster snapshot).
select
    o.fixmedins_code,
    coalesce(i.fixmedins_name, o.fixmedins_code) as fixmedins_name,
    coalesce(i.district_name, i.admdvs) as district,
    d.check_item,
    o.selection_kind,
    o.inclusion_prob,
    list(t.inspector_id order by t.role desc, t.inspector_id) filter (where t.inspector_id is not null) as inspector_ids
from inspection_draw_object o
join inspection_draw d using (draw_id)
left join institution i using (fixmedins_code)
left join inspection_team t on t.draw_id = o.draw_id and t.fixmedins_code = o.fixmedins_code
where o.draw_id = $draw_id and o.selected
group by all
order by o.fixmedins_code

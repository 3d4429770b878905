insert into inspection_team (draw_id, fixmedins_code, inspector_id, role)
values ($draw_id, $fixmedins_code, $inspector_id, $role)

-- One stored draw record (snapshots included) by id.
select * from inspection_draw where draw_id = $draw_id

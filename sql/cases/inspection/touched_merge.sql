-- Add the cases the inspection intake touched to this build's touched_case (refreshed with it).
insert into touched_case by name
select case_id, n_new, prev_status from touched_inspection_case
where case_id not in (select case_id from touched_case);

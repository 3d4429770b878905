-- The cases the inspection intake touched, as touched_case for a refresh outside the nightly build.
create or replace temp table touched_case as
select case_id, n_new, prev_status from touched_inspection_case;

-- One case file by id.
select * from case_file where case_id = $case_id;

-- Cases opened by `fundguard inspect record` between nights carry no run: the next nightly run
-- claims them, so its report lists them as 新立案 once (a re-run finds none left).
update case_file set first_run_id = $run_id, last_run_id = $run_id
where first_run_id is null and source <> $monitoring_source and $run_id is not null;

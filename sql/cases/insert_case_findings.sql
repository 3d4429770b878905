-- Link the pending findings to their cases (append-only).
insert into case_finding (finding_id, case_id, added_run_id, added_at)
select finding_id, case_id, $run_id, $now from pending_case_finding;

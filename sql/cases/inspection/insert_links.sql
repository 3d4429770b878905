-- Link the pending results (in their current content) to their cases (append-only).
insert into case_inspection (result_id, fingerprint, case_id, added_run_id, added_at)
select result_id, fingerprint, case_id, $run_id, $now from pending_case_inspection;

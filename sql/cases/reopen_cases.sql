-- Closed cases that received new evidence go back to 初审 (their history stays in case_event).
update case_file set status = '初审', disposition = null, disposition_reason = null, measure = null,
    decided_at = null, closed_at = null, updated_at = $now, last_run_id = $run_id
where case_id in (select case_id from touched_case where prev_status = '结案');

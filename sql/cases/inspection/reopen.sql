-- A closed case that receives a new or corrected inspection result goes back to the entry step of
-- $state (its history stays in case_event).
update case_file set status = $state, disposition = null, disposition_reason = null, measure = null,
    decided_at = null, closed_at = null, updated_at = $now, last_run_id = $run_id
where case_id = $case_id and status = '结案';

-- Write the projection of a reviewer event onto the case file.
update case_file set
    status = $status, disposition = $disposition, disposition_reason = $disposition_reason,
    measure = $measure, amt_confirmed = $amt_confirmed, amt_returned = $amt_returned,
    amt_fined = $amt_fined, assignee = $assignee, updated_at = $updated_at,
    decided_at = $decided_at, closed_at = $closed_at
where case_id = $case_id;

-- Write a payment-eligibility status row into the canonical staff_status table (so the rule on
-- billing by ineligible staff sees it).  A row for the same person and begin date is kept as is.
insert into staff_status (psn_code, status, begin_date, end_date, reason, _batch_id, _source_file)
values ($psn_code, $status, $begin_date, $end_date, $reason, $batch_id, 'credit/staff_points')
on conflict do nothing
returning psn_code;

-- Append one insured-person measure (deterministic id; recorded once).
insert into insured_measure (measure_id, psn_no, measure, begin_date, end_date, months, case_id,
                             reason, created_at)
values ($measure_id, $psn_no, $measure, $begin_date, $end_date, $months, $case_id, $reason, $now)
on conflict do nothing
returning measure_id;

-- Append one staff scoring event (deterministic id; recorded once).
insert into staff_points (event_id, psn_code, score_year, event_date, points, responsibility, case_id,
                          reason, source, created_at)
values ($event_id, $psn_code, $score_year, $event_date, $points, $responsibility, $case_id, $reason,
        $source, $now)
on conflict do nothing
returning event_id;

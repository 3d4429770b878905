-- Append one ledger entry; an entry already recorded (same deterministic id) is left as it is.
insert into credit_ledger (entry_id, entity_type, entity_id, entry_date, points, kind, basis,
                           severity, case_id, reason, source, run_id, created_at)
values ($entry_id, $entity_type, $entity_id, $entry_date, $points, $kind, $basis, $severity,
        $case_id, $reason, $source, $run_id, $now)
on conflict do nothing
returning entry_id;

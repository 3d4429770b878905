-- Store one inspection result; a result already stored with the same content is left untouched
-- (recorded_at included), so re-recording a file changes nothing.
insert into inspection_result (result_id, draw_id, fixmedins_code, inspected_on, onsite,
    items_checked, violation_found, violation_categories, violation_amount, fund_loss, conclusion,
    handling, legal_basis, severity, source_file, recorded_at)
values ($result_id, $draw_id, $fixmedins_code, $inspected_on, $onsite, $items_checked,
    $violation_found, $violation_categories, $violation_amount, $fund_loss, $conclusion, $handling,
    $legal_basis, $severity, $source_file, $recorded_at)
on conflict (result_id) do update set
    onsite = excluded.onsite, items_checked = excluded.items_checked,
    violation_found = excluded.violation_found, violation_categories = excluded.violation_categories,
    violation_amount = excluded.violation_amount, fund_loss = excluded.fund_loss,
    conclusion = excluded.conclusion, handling = excluded.handling, legal_basis = excluded.legal_basis,
    severity = excluded.severity, source_file = excluded.source_file, recorded_at = excluded.recorded_at
where (inspection_result.onsite, inspection_result.items_checked, inspection_result.violation_found,
       inspection_result.violation_categories, inspection_result.violation_amount,
       inspection_result.fund_loss, inspection_result.conclusion, inspection_result.handling,
       inspection_result.legal_basis, inspection_result.severity)
      is distinct from
      (excluded.onsite, excluded.items_checked, excluded.violation_found,
       excluded.violation_categories, excluded.violation_amount, excluded.fund_loss,
       excluded.conclusion, excluded.handling, excluded.legal_basis, excluded.severity)

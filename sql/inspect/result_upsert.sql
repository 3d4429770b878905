insert or replace into inspection_result (result_id, draw_id, fixmedins_code, inspected_on, onsite,
    items_checked, violation_found, violation_categories, violation_amount, fund_loss, conclusion,
    handling, source_file, recorded_at)
values ($result_id, $draw_id, $fixmedins_code, $inspected_on, $onsite, $items_checked,
    $violation_found, $violation_categories, $violation_amount, $fund_loss, $conclusion, $handling,
    $source_file, $recorded_at)

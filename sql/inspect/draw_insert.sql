insert into inspection_draw (draw_id, plan_name, plan_year, check_item, seed, algorithm_version,
    registry_fingerprint, roster_fingerprint, plan_json, registry_snapshot, roster_snapshot,
    n_objects, n_selected, created_at)
values ($draw_id, $plan_name, $plan_year, $check_item, $seed, $algorithm_version,
    $registry_fingerprint, $roster_fingerprint, $plan_json, $registry_snapshot, $roster_snapshot,
    $n_objects, $n_selected, $created_at)

-- One manifest row per loaded file content.
insert into ingest_manifest (
    file_hash, file_path, target_table, profile, encoding, batch_id, rows_read, rows_loaded,
    rows_quarantined, rows_superseded, loaded_at
)
values (
    $file_hash, $file_path, $target_table, $profile, $encoding, $batch_id, $rows_read, $rows_loaded,
    $rows_quarantined, $rows_superseded, cast(now() as timestamp)
);

-- Quarantine findings, newest first; optional batch and file filters (file: substring match).
select
    batch_id,
    file_path,
    source_row,
    field,
    check_name,
    severity,
    reason_zh,
    quarantined_at
from quarantine
where ($batch_id is null or batch_id = $batch_id)
  and ($file is null or contains(file_path, $file))
order by quarantined_at desc, file_path, source_row nulls first, check_name
limit $limit;

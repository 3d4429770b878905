-- Persist the batch's quarantine findings; warnings keep at most $warning_cap rows per file and check
-- (their full counts are in the quality summary).
insert into quarantine (
    batch_id, file_path, file_hash, target_table, source_row, field, check_name, severity, reason_zh,
    raw_record, quarantined_at
)
select
    $batch_id,
    f.rel_path,
    f.file_hash,
    f.target_table,
    q.source_row,
    q.field,
    q.check_name,
    q.severity,
    q.reason_zh,
    q.raw_record,
    cast(now() as timestamp)
from (
    select
        *,
        row_number() over (partition by _file_idx, check_name order by source_row) as rn
    from stage_quarantine
) as q
join stage_files as f on q._file_idx = f._file_idx
where q.severity = 'blocking' or q.rn <= $warning_cap;

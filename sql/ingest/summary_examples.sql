-- Up to $per_check examples per check of one batch: where, which field, why (never the raw record).
select check_name, file_path, source_row, field, reason_zh
from (
    select
        *,
        row_number() over (partition by check_name order by file_path, source_row) as rn
    from quarantine
    where batch_id = $batch_id
)
where rn <= $per_check
order by check_name, file_path, source_row;

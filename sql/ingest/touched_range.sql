-- Settle-date range touched by the batch's new or changed settlements and fee lines.
select min(settle_date) as touched_from, max(settle_date) as touched_to
from (
    select cast(setl_time as date) as settle_date
    from settlement
    where _batch_id = $batch_id
    union all
    select cast(s.setl_time as date) as settle_date
    from fee_line as f
    join settlement as s on f.setl_id = s.setl_id
    where f._batch_id = $batch_id
);

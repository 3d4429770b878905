-- Ground-truth units of the given schemes in the window (line/settlement labels anchored on the
-- settle date of their settlement; entity labels of $entity_type are not windowed).
select distinct unit_a, unit_b
from (
    select l.setl_id as unit_a, cast(l.feedetl_sn as varchar) as unit_b
    from read_parquet($line_labels) as l
    inner join settlement as s on s.setl_id = l.setl_id
    where $hit_unit = 'line' and list_contains($schemes, l.scheme)
        and fg_in_period(s.setl_time, $period_start, $period_end)
    union all
    select l.setl_id, ''
    from read_parquet($settlement_labels) as l
    inner join settlement as s on s.setl_id = l.setl_id
    where $hit_unit = 'settlement' and list_contains($schemes, l.scheme)
        and fg_in_period(s.setl_time, $period_start, $period_end)
    union all
    select l.entity_id, ''
    from read_parquet($entity_labels) as l
    where $hit_unit = 'entity' and list_contains($schemes, l.scheme) and l.entity_type = $entity_type
) as units

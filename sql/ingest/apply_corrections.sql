-- Template (identifiers from allow-lists): load the batch's valid rows of one table.
-- Per business key the highest version wins; lower versions of the same batch and the stored rows
-- they replace go to {table}_history with when and by which batch they were superseded.
create or replace temp table _winners as
select
    _row_id,
    _file_idx,
    row_number() over (partition by {keys} order by _rec_version desc, _file_idx desc, _source_row desc)
        = 1 as is_winner
from {stage}
where not _blocked;

create or replace temp table _superseded_counts as
select w._file_idx, count(*) as n
from {stage} as a
join _winners as w using (_row_id)
join {table} as b on {key_eq}
where w.is_winner
group by w._file_idx;

insert into {table}_history by name
select b.*, cast(now() as timestamp) as _superseded_at, $batch_id as _superseded_by
from {table} as b
where exists (
    select 1 from {stage} as a join _winners as w using (_row_id) where w.is_winner and {key_eq}
);

delete from {table} as b
where exists (
    select 1 from {stage} as a join _winners as w using (_row_id) where w.is_winner and {key_eq}
);

insert into {table}_history by name
select {columns}, $batch_id as _batch_id, f.rel_path as _source_file, s._source_row, s._rec_version,
       cast(now() as timestamp) as _superseded_at, $batch_id as _superseded_by
from {stage} as s
join _winners as w using (_row_id)
join stage_files as f on f._file_idx = s._file_idx
where not w.is_winner;

insert into {table} by name
select {columns}, $batch_id as _batch_id, f.rel_path as _source_file, s._source_row, s._rec_version
from {stage} as s
join _winners as w using (_row_id)
join stage_files as f on f._file_idx = s._file_idx
where w.is_winner;

-- Template (identifiers filled from allow-lists by fundguard.ingest.apply): rows of the batch that
-- repeat an earlier row's business key and version, or are not newer than the stored row, are
-- duplicates: quarantined with the row they duplicate.
create or replace temp table _dups as
with ranked as (
    select
        _row_id,
        _file_idx,
        row_number() over w as rn,
        first_value(_file_idx) over w as first_file,
        first_value(_source_row) over w as first_row
    from {stage}
    where not _blocked
    window w as (partition by {keys}, _rec_version order by _file_idx, _source_row)
),

in_batch as (
    select
        r._row_id,
        '重复记录: 与文件 ' || f.rel_path || ' 第 ' || r.first_row || ' 行的业务主键和版本相同' as reason_zh
    from ranked as r
    join stage_files as f on f._file_idx = r.first_file
    where r.rn > 1
),

stale as (
    select
        a._row_id,
        '重复记录: 已入库记录 (文件 ' || coalesce(b._source_file, '?') || ' 第 '
        || coalesce(cast(b._source_row as varchar), '?') || ' 行, 版本 ' || b._rec_version
        || ') 的版本不低于本记录 (版本 ' || a._rec_version || ')' as reason_zh
    from {stage} as a
    join {table} as b on {key_eq}
    where not a._blocked and b._rec_version >= a._rec_version
)

select * from in_batch
union all
select * from stale where _row_id not in (select _row_id from in_batch);

insert into stage_quarantine (_file_idx, source_row, field, check_name, severity, reason_zh, raw_record)
select s._file_idx, s._source_row, '{key_names}', '{table}.duplicate', 'blocking', d.reason_zh, s._raw
from _dups as d
join {stage} as s using (_row_id);

update {stage} set _blocked = true where _row_id in (select _row_id from _dups);

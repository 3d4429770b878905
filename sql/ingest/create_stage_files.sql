-- Batch-scoped registry of files and of quarantine findings (temp tables, dropped with the connection).
create or replace temp table stage_files (
    _file_idx integer primary key,
    rel_path varchar not null,
    file_hash varchar,
    target_table varchar,
    profile varchar,
    encoding varchar
);

create or replace temp table stage_quarantine (
    _file_idx integer not null,
    source_row bigint,
    field varchar,
    check_name varchar not null,
    severity varchar not null,
    reason_zh varchar not null,
    raw_record varchar
);

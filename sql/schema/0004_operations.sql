-- Operational tables: ingest batches and file manifest, quarantine, pipeline runs and stages.

create table ingest_batch (
    batch_id varchar primary key,
    run_id varchar,
    inbox varchar not null,
    started_at timestamp not null,
    finished_at timestamp,
    status varchar not null,
    n_files integer,
    rows_read bigint,
    rows_loaded bigint,
    rows_quarantined bigint,
    message varchar
);
comment on table ingest_batch is '入库批次';

create table ingest_manifest (
    file_hash varchar primary key,
    file_path varchar not null,
    target_table varchar not null,
    profile varchar not null,
    encoding varchar,
    batch_id varchar not null,
    rows_read bigint not null,
    rows_loaded bigint not null,
    rows_quarantined bigint not null,
    rows_superseded bigint not null default 0,
    loaded_at timestamp not null
);
comment on table ingest_manifest is '已入库文件清单(按内容哈希, 重复投递不再入库)';

create table quarantine (
    batch_id varchar not null,
    file_path varchar not null,
    file_hash varchar,
    target_table varchar,
    source_row bigint,
    field varchar,
    check_name varchar not null,
    severity varchar not null,
    reason_zh varchar not null,
    raw_record varchar,
    quarantined_at timestamp not null
);
comment on table quarantine is '隔离区: 未通过校验的记录及原因';

create table pipeline_run (
    run_id varchar primary key,
    flow varchar not null,
    run_date date,
    params varchar,
    status varchar not null,
    started_at timestamp not null,
    finished_at timestamp,
    counts varchar,
    message varchar
);
comment on table pipeline_run is '流程运行记录';

create table run_stage (
    run_id varchar not null,
    stage varchar not null,
    status varchar not null,
    started_at timestamp not null,
    finished_at timestamp,
    rows bigint,
    seconds double,
    message varchar,
    primary key (run_id, stage)
);
comment on table run_stage is '流程各阶段耗时与行数';

-- Which completed run analysed each ingest batch.  A nightly run evaluates the settle dates touched
-- by every loaded batch not analysed yet (its own, and those of killed or failed runs and of
-- `fundguard ingest` outside a flow); the batches are marked when the run completes.
create table batch_analysis (
    batch_id varchar primary key,
    run_id varchar not null,
    analysed_at timestamp not null
);
comment on table batch_analysis is '入库批次已由哪次完成的运行分析';

-- Batches of runs that completed before this table existed were analysed by those runs.
insert into batch_analysis (batch_id, run_id, analysed_at)
select b.batch_id, b.run_id, coalesce(r.finished_at, b.started_at)
from ingest_batch as b
join pipeline_run as r on r.run_id = b.run_id
where r.status = 'completed' and b.status in ('loaded', 'loaded_with_errors');

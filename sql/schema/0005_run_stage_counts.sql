-- Per-stage counts (JSON) so the run summary shows what each stage produced.
alter table run_stage add column counts varchar;
-- The analysis window of a run (dates touched by new or changed data), so a re-run of the same night
-- with nothing new re-evaluates exactly what the first run evaluated.
alter table pipeline_run add column period_start date;
alter table pipeline_run add column period_end date;

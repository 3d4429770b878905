-- Inspection results intake: results feed cases (violations) and the credit ledger (clean on-site checks).
-- * inspection_result gains the legal basis and severity the inspection team states (both optional in
--   the results file; the intake defaults to 条例第三十八条 / medium, see fundguard.cases.inspections).
-- * case_file.source says where a case came from: 智能监控 (findings, risk flags), 现场检查 (on-site
--   inspection, enters the workflow at 申诉), 非现场检查 (书面检查/数据分析 result, enters at 初审).
-- * case_inspection links results to cases, append-only, one row per (result, content fingerprint):
--   re-recording the same result adds nothing; a corrected result adds one row (and one case event).

alter table inspection_result add column legal_basis varchar;
alter table inspection_result add column severity varchar;
comment on column inspection_result.legal_basis is '法律依据 | — | 条例条款, 可空 (默认 条例第三十八条)';
comment on column inspection_result.severity is '严重程度 | — | low/medium/high/critical, 可空 (默认 medium)';

alter table case_file add column source varchar not null default '智能监控';
comment on column case_file.source is '案件来源 | — | 智能监控 / 现场检查 / 非现场检查';

create table case_inspection (
    result_id varchar not null,
    fingerprint varchar not null,
    case_id varchar not null,
    added_run_id varchar,
    added_at timestamp not null,
    primary key (result_id, fingerprint)
);
comment on table case_inspection is '案件包含的检查结果(每个结果版本一行, 只增不改)';
comment on column case_inspection.result_id is '结果编号 | — | inspection_result.result_id';
comment on column case_inspection.fingerprint is '结果内容指纹 | — | 结论、类别、金额等的 SHA-256 前16位; 更正后的结果为新行';

comment on column credit_ledger.kind is '类型 | — | deduction扣分 bonus加分 repair修复 floor直接最低等级 manual人工 reversal撤销 inspection现场检查无违规(0分)';

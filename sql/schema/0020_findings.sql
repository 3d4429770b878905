-- Rule results: one row per rule per run (rule_execution), findings keyed by a deterministic id
-- (sha256 of rule_id + the rule's key), and the fee lines each finding concerns (finding_line).
-- Re-running a night upserts findings by finding_id: first_run_id is kept, last_run_id updated.

create table rule_execution (
    run_id varchar not null,
    rule_id varchar not null,
    rule_version integer not null,
    outcome varchar not null,
    n_hits bigint not null default 0,
    amount decimal(18, 2) not null default 0,
    fund_amount decimal(18, 2) not null default 0,
    coverage double,
    n_input_rows bigint,
    period_start date,
    period_end date,
    duration_ms bigint,
    error varchar,
    fingerprint varchar,
    executed_at timestamp not null,
    primary key (run_id, rule_id)
);
comment on table rule_execution is '规则执行记录(每次运行每条规则一行)';
comment on column rule_execution.run_id is '运行编号 | — | pipeline_run.run_id 或回测编号';
comment on column rule_execution.rule_id is '规则编号 | — | rules/<类别>/<规则编号>.yaml';
comment on column rule_execution.rule_version is '规则版本 | — | ≥1';
comment on column rule_execution.outcome is '执行结果 | — | hit命中 no_hit未命中 error出错 degraded数据覆盖不足';
comment on column rule_execution.n_hits is '命中疑点数 | — | ≥0';
comment on column rule_execution.amount is '违规金额合计(元) | — | DECIMAL';
comment on column rule_execution.fund_amount is '涉及基金金额合计(元) | — | DECIMAL';
comment on column rule_execution.coverage is '输入字段覆盖率 | — | 0~1, 必需字段非空的行占比';
comment on column rule_execution.n_input_rows is '输入行数 | — | 覆盖率分母';
comment on column rule_execution.period_start is '评估期开始 | — | 结算/费用日期';
comment on column rule_execution.period_end is '评估期结束 | — | 结算/费用日期(含)';
comment on column rule_execution.duration_ms is '耗时(毫秒) | — | ≥0';
comment on column rule_execution.error is '错误信息 | — | outcome=error 时填写';
comment on column rule_execution.fingerprint is '规则指纹 | — | SQL+参数+元数据的 SHA-256';
comment on column rule_execution.executed_at is '执行时间 | — | 时间戳';

create table finding (
    finding_id varchar primary key,
    rule_id varchar not null,
    rule_version integer not null,
    gz_code varchar,
    rule_name varchar not null,
    category varchar not null,
    result_type varchar not null,
    legal_basis varchar not null,
    severity varchar not null,
    agency varchar not null,
    hit_unit varchar not null,
    finding_key varchar not null,
    setl_id varchar,
    mdtrt_id varchar,
    psn_no varchar,
    fixmedins_code varchar,
    staff_code varchar,
    event_date date,
    vola_amt decimal(18, 2) not null default 0,
    fund_amt decimal(18, 2) not null default 0,
    evidence json,
    first_run_id varchar not null,
    last_run_id varchar not null,
    created_at timestamp not null,
    updated_at timestamp not null
);
comment on table finding is '规则疑点(违规/可疑线索)';
comment on column finding.finding_id is '疑点编号 | — | sha256(规则编号+命中键) 前32位, 重跑不重复';
comment on column finding.rule_id is '规则编号 | — | 必填';
comment on column finding.rule_version is '规则版本 | — | ≥1';
comment on column finding.gz_code is '国家规则编码 | — | 如 GZ10000102001000, 可空';
comment on column finding.rule_name is '规则名称 | — | 中文';
comment on column finding.category is '规则类别 | — | 中文';
comment on column finding.result_type is '结果类型 | — | 明确违规/可疑';
comment on column finding.legal_basis is '法律依据 | — | 《医疗保障基金使用监督管理条例》条款';
comment on column finding.severity is '严重程度 | — | low/medium/high/critical';
comment on column finding.agency is '主管部门 | — | 医保/公安/卫生健康/市场监管/纪检监察';
comment on column finding.hit_unit is '命中单位 | — | line明细 settlement结算 entity主体';
comment on column finding.finding_key is '命中键 | — | 规则键列值, 用于生成疑点编号';
comment on column finding.setl_id is '结算编号 | setl_id | 可空(主体类疑点)';
comment on column finding.mdtrt_id is '就诊编号 | mdtrt_id | 可空';
comment on column finding.psn_no is '人员编号 | psn_no | 可空';
comment on column finding.fixmedins_code is '定点医药机构编码 | fixmedins_code | 可空';
comment on column finding.staff_code is '医务人员编码 | dr_codg | 可空';
comment on column finding.event_date is '发生日期 | — | 结算/费用日期';
comment on column finding.vola_amt is '违规金额(元) | vola_amt | DECIMAL';
comment on column finding.fund_amt is '涉及基金金额(元) | — | 违规金额×基金支付/医疗总费用, 四舍五入到分';
comment on column finding.evidence is '证据 | — | JSON 结构化字段';
comment on column finding.first_run_id is '首次发现运行编号 | — | 重跑保留';
comment on column finding.last_run_id is '最近发现运行编号 | — | 每次命中更新';
comment on column finding.created_at is '首次写入时间 | — | 时间戳';
comment on column finding.updated_at is '最近更新时间 | — | 时间戳';

create table finding_line (
    finding_id varchar not null,
    setl_id varchar not null,
    feedetl_sn varchar not null,
    vola_item_type varchar not null,
    vola_amt decimal(18, 2) not null default 0,
    fund_amt decimal(18, 2) not null default 0
);
comment on table finding_line is '疑点涉及的费用明细(违规项/涉及项)';
comment on column finding_line.finding_id is '疑点编号 | — | finding.finding_id';
comment on column finding_line.setl_id is '结算编号 | setl_id | 必填';
comment on column finding_line.feedetl_sn is '费用明细流水号 | feedetl_sn | 必填';
comment on column finding_line.vola_item_type is '违规项类型 | vola_item_type | 1违规项 2涉及项';
comment on column finding_line.vola_amt is '违规金额(元) | vola_amt | 涉及项为0';
comment on column finding_line.fund_amt is '涉及基金金额(元) | — | 四舍五入到分';

-- Cases and the review workflow.
-- case_file is the current projection of a case; case_event is the append-only history that the
-- projection is derived from (every status, assignment and amount change is an event).
-- case_id = 'C' + first 15 hex of sha256(subject_type|entity_id|period|behaviour_group): stable, so a
-- re-run appends to the same case and never duplicates it.

create table case_file (
    case_id varchar primary key,
    entity_type varchar not null,
    entity_id varchar not null,
    period varchar not null,
    behaviour_group varchar not null,
    district varchar,
    queue varchar not null,
    status varchar not null,
    disposition varchar,
    disposition_reason varchar,
    measure varchar,
    severity varchar,
    legal_basis varchar,
    result_type varchar,
    risk_score double,
    priority decimal(18, 2) not null default 0,
    amt_identified decimal(18, 2) not null default 0,
    fund_identified decimal(18, 2) not null default 0,
    amt_confirmed decimal(18, 2),
    amt_returned decimal(18, 2),
    amt_fined decimal(18, 2),
    n_findings integer not null default 0,
    assignee varchar,
    opened_at timestamp not null,
    updated_at timestamp not null,
    decided_at timestamp,
    closed_at timestamp,
    first_run_id varchar,
    last_run_id varchar
);
comment on table case_file is '案件(当前状态, 由案件事件推导)';
comment on column case_file.case_id is '案件编号 | — | C+15位十六进制, 主体×期间×行为组稳定';
comment on column case_file.entity_type is '主体类型 | — | institution医疗机构 pharmacy药店 staff医务人员 insured参保人';
comment on column case_file.entity_id is '主体编码 | — | 机构编码/人员国家编码/人员编号';
comment on column case_file.period is '期间 | — | YYYY-MM (疑点发生月份)';
comment on column case_file.behaviour_group is '行为组 | — | 规则类别, 或 风险异常(模型)';
comment on column case_file.district is '区县区划 | admdvs | 主体所属区县';
comment on column case_file.queue is '审核队列 | — | 区县/主体类型';
comment on column case_file.status is '状态 | — | 初审/复审/申诉/核查/处理/结案';
comment on column case_file.disposition is '认定结论 | — | 确认违规/确认欺诈/排除';
comment on column case_file.disposition_reason is '认定理由 | — | 排除时必填';
comment on column case_file.measure is '处理方式 | — | 协议处理/行政处罚/移送';
comment on column case_file.severity is '严重程度 | — | 疑点最高 low/medium/high/critical';
comment on column case_file.legal_basis is '法律依据 | — | 疑点中最重的条例条款';
comment on column case_file.result_type is '结果类型 | — | 任一疑点明确违规则为明确违规, 否则可疑';
comment on column case_file.risk_score is '风险分 | — | 主体当期风险分, 无则空';
comment on column case_file.priority is '优先级 | — | 金额×严重程度权重×(1+风险分/风险尺度)';
comment on column case_file.amt_identified is '发现金额(元) | — | 疑点违规金额合计';
comment on column case_file.fund_identified is '涉及基金金额(元) | — | 疑点基金金额合计';
comment on column case_file.amt_confirmed is '认定金额(元) | — | 确认时填写';
comment on column case_file.amt_returned is '退回金额(元) | — | 结案时填写';
comment on column case_file.amt_fined is '罚款金额(元) | — | 结案时填写';
comment on column case_file.n_findings is '疑点数 | — | ≥0';
comment on column case_file.assignee is '承办人 | — | 审核人员账号';

create table case_finding (
    finding_id varchar primary key,
    case_id varchar not null,
    added_run_id varchar,
    added_at timestamp not null
);
comment on table case_finding is '案件包含的疑点(每个疑点只属于一个案件, 只增不改)';

create table case_flag (
    case_id varchar primary key,
    entity_type varchar not null,
    entity_id varchar not null,
    period varchar not null,
    run_id varchar,
    risk_score double,
    band varchar,
    reasons json,
    model_version varchar,
    added_at timestamp not null
);
comment on table case_flag is '由高风险评分立案的风险标记(每案一条, 只增不改)';

create table case_event (
    event_id varchar primary key,
    case_id varchar not null,
    seq integer not null,
    event_at timestamp not null,
    actor varchar not null,
    action varchar not null,
    from_state varchar,
    to_state varchar not null,
    reason varchar,
    payload json,
    run_id varchar
);
comment on table case_event is '案件事件(只增不改): 谁、何时、从何状态到何状态、动作、理由';
comment on column case_event.actor is '操作人 | — | 审核人员账号或 system';
comment on column case_event.action is '动作 | — | open/append/reopen/assign/submit/return/notify/appeal/no_appeal/confirm_violation/confirm_fraud/dismiss/close/rectify/note';

-- Decided cases as labels for the anomaly model's supervised layer (1 = confirmed, 0 = dismissed).
create view entity_disposition as
select
    case when entity_type = 'pharmacy' then 'institution' else entity_type end as entity_type,
    entity_id,
    case when disposition in ('确认违规', '确认欺诈') then 1 else 0 end::integer as label,
    decided_at,
    case_id
from case_file
where disposition is not null;

-- Per-rule precision from dispositions (findings of decided cases).
create view rule_precision as
select
    f.rule_id,
    count(*)::bigint as n_decided,
    count(*) filter (where c.disposition in ('确认违规', '确认欺诈'))::bigint as n_confirmed,
    round(count(*) filter (where c.disposition in ('确认违规', '确认欺诈')) / count(*), 4) as "precision"
from case_finding cf
join case_file c using (case_id)
join finding f using (finding_id)
where c.disposition is not null
group by f.rule_id;

-- Savings ledger: identified -> confirmed -> recovered per rule (pro rata of each case's amounts by
-- the finding's share of the identified amount) and per model (risk-flag cases).
create view savings_ledger as
with shares as (
    select
        'rule' as source_type,
        f.rule_id as source_id,
        f.vola_amt as identified,
        case when c.amt_identified > 0 then f.vola_amt / c.amt_identified else 0 end as share,
        c.*
    from case_finding cf
    join case_file c using (case_id)
    join finding f using (finding_id)
    union all
    select 'model', coalesce(fl.model_version, 'unknown'), 0, 1, c.*
    from case_flag fl
    join case_file c using (case_id)
    where c.n_findings = 0
)
select
    source_type,
    source_id,
    count(distinct case_id)::bigint as n_cases,
    sum(identified)::decimal(18, 2) as amt_identified,
    sum(case when disposition in ('确认违规', '确认欺诈') then coalesce(amt_confirmed, 0) * share else 0 end)::decimal(18, 2) as amt_confirmed,
    sum(coalesce(amt_returned, 0) * share)::decimal(18, 2) as amt_recovered,
    sum(coalesce(amt_fined, 0) * share)::decimal(18, 2) as amt_fined
from shares
group by source_type, source_id;

-- Credit: institution points ledger and ratings, staff 12-point scoring, insured measures, referrals.
-- All tables are append-only: a correction is a new row (ratings: source=override), never an update.

create table credit_ledger (
    entry_id varchar primary key,
    entity_type varchar not null,
    entity_id varchar not null,
    entry_date date not null,
    points integer not null,
    kind varchar not null,
    basis varchar,
    severity varchar,
    case_id varchar,
    reason varchar not null,
    source varchar not null,
    run_id varchar,
    created_at timestamp not null
);
comment on table credit_ledger is '信用积分台账(只增不改): 扣分、加分、修复';
comment on column credit_ledger.entry_id is '台账编号 | — | 由案件与类型确定, 重算不重复';
comment on column credit_ledger.entity_type is '主体类型 | — | institution';
comment on column credit_ledger.points is '分值 | — | 扣分为负, 加分/修复为正';
comment on column credit_ledger.kind is '类型 | — | deduction扣分 bonus加分 repair修复 floor直接最低等级 manual人工';
comment on column credit_ledger.basis is '依据 | — | 条例条款或加分事由';
comment on column credit_ledger.source is '来源 | — | computed计算 manual人工';

create table credit_rating (
    entity_type varchar not null,
    entity_id varchar not null,
    grade varchar not null,
    score integer not null,
    as_of date not null,
    explanation varchar not null,
    next_grade_hint varchar,
    inspection_weight double not null,
    consequences json,
    run_id varchar,
    source varchar not null,
    overridden_by varchar,
    created_at timestamp not null
);
comment on table credit_rating is '信用评价等级(只增不改; source=computed 计算 / override 人工调整)';
comment on column credit_rating.grade is '信用等级 | — | 默认 A–E (config/credit/institution.yaml)';
comment on column credit_rating.score is '信用分 | — | 基础分+台账合计';
comment on column credit_rating.explanation is '等级说明 | — | 中文, 扣分加分构成';
comment on column credit_rating.next_grade_hint is '恢复上一等级途径 | — | 中文';
comment on column credit_rating.inspection_weight is '双随机抽查权重 | — | 按等级配置';
comment on column credit_rating.consequences is '等级后果 | — | JSON: 暂停结算、解除协议等';

-- The rating in force per entity: the latest row (an override wins over an older computed row).
create view credit_rating_current as
select * exclude (rn) from (
    select *, row_number() over (
        partition by entity_type, entity_id
        order by as_of desc, created_at desc, case when source = 'override' then 0 else 1 end
    ) as rn
    from credit_rating
) where rn = 1;

create table staff_points (
    event_id varchar primary key,
    psn_code varchar not null,
    score_year integer not null,
    event_date date not null,
    points integer not null,
    responsibility varchar,
    case_id varchar,
    reason varchar not null,
    source varchar not null,
    created_at timestamp not null
);
comment on table staff_points is '医保支付资格记分(驾照式记分, 按自然年累计, 只增不改)';
comment on column staff_points.points is '记分 | — | 1–12';
comment on column staff_points.responsibility is '责任程度 | — | 一般/重要/主要';

create table insured_measure (
    measure_id varchar primary key,
    psn_no varchar not null,
    measure varchar not null,
    begin_date date not null,
    end_date date not null,
    months integer not null,
    case_id varchar,
    reason varchar not null,
    created_at timestamp not null
);
comment on table insured_measure is '参保人处理措施(暂停联网结算 3–12个月等, 只增不改)';

create table referral (
    referral_id varchar primary key,
    case_id varchar not null,
    agency varchar not null,
    route_reason varchar not null,
    package_dir varchar not null,
    manifest_sha256 varchar not null,
    built_by varchar not null,
    built_at timestamp not null
);
comment on table referral is '联合执法移送记录(每次生成移送材料一行)';
comment on column referral.agency is '移送部门 | — | 公安/卫生健康/市场监管/纪检监察/经办';

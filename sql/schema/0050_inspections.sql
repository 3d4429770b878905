-- Inspections: 双随机一公开 draws (reproducible records), drawn teams, and on-site results.
-- A draw record holds everything needed to re-run it: seed, algorithm version, the plan, and frozen
-- snapshots (with fingerprints) of the object registry and the inspector roster used.
-- Results feed the credit ledger and cases (read by the cases/credit stage) and the IPW estimates.

create table inspection_draw (
    draw_id varchar primary key,
    plan_name varchar not null,
    plan_year integer not null,
    check_item varchar not null,
    seed bigint not null,
    algorithm_version varchar not null,
    registry_fingerprint varchar not null,
    roster_fingerprint varchar not null,
    plan_json json not null,
    registry_snapshot json not null,
    roster_snapshot json not null,
    n_objects integer not null,
    n_selected integer not null,
    created_at timestamp not null
);
comment on table inspection_draw is '双随机抽查记录(可复现: 种子、算法版本、名录库快照及指纹)';
comment on column inspection_draw.draw_id is '抽查编号 | — | D + sha256(计划+种子+名录指纹) 前15位';
comment on column inspection_draw.plan_name is '抽查计划名称 | — | 必填';
comment on column inspection_draw.plan_year is '计划年度 | — | 四位年份';
comment on column inspection_draw.check_item is '检查事项 | — | 公示用中文';
comment on column inspection_draw.seed is '随机种子 | — | 整数';
comment on column inspection_draw.algorithm_version is '算法版本 | — | 如 fg-draw-1';
comment on column inspection_draw.registry_fingerprint is '检查对象名录库快照指纹 | — | SHA-256';
comment on column inspection_draw.roster_fingerprint is '执法检查人员名录库快照指纹 | — | SHA-256';
comment on column inspection_draw.plan_json is '抽查计划 | — | JSON';
comment on column inspection_draw.registry_snapshot is '检查对象名录库快照 | — | JSON 列表';
comment on column inspection_draw.roster_snapshot is '检查人员名录库快照 | — | JSON 列表';
comment on column inspection_draw.n_objects is '名录库对象数 | — | ≥0';
comment on column inspection_draw.n_selected is '抽中对象数 | — | ≥0';
comment on column inspection_draw.created_at is '抽取时间 | — | 时间戳';

create table inspection_draw_object (
    draw_id varchar not null,
    fixmedins_code varchar not null,
    stratum varchar not null,
    credit_grade varchar not null,
    grade_source varchar not null,
    selection_kind varchar not null,
    inclusion_prob double not null,
    selected boolean not null,
    exclusion_reason varchar,
    primary key (draw_id, fixmedins_code)
);
comment on table inspection_draw_object is '抽查对象及其入样概率(每个名录库对象一行)';
comment on column inspection_draw_object.stratum is '抽样层 | — | 机构类型|级别|区划';
comment on column inspection_draw_object.credit_grade is '信用等级 | — | A-E';
comment on column inspection_draw_object.grade_source is '等级来源 | — | credit_rating 信用评价 / default 默认等级';
comment on column inspection_draw_object.selection_kind is '入选方式 | — | risk风险必选 random随机 excluded排除';
comment on column inspection_draw_object.inclusion_prob is '入样概率 | — | 0~1; 风险必选为1, 排除为0';
comment on column inspection_draw_object.selected is '是否抽中 | — | 布尔';
comment on column inspection_draw_object.exclusion_reason is '排除原因 | — | 中文, 可空';

create table inspection_team (
    draw_id varchar not null,
    fixmedins_code varchar not null,
    inspector_id varchar not null,
    role varchar not null,
    primary key (draw_id, fixmedins_code, inspector_id)
);
comment on table inspection_team is '抽中对象的检查组(随机选派, 已回避利益冲突)';
comment on column inspection_team.role is '角色 | — | 执法人员 / 专家';

create table inspection_result (
    result_id varchar primary key,
    draw_id varchar,
    fixmedins_code varchar not null,
    inspected_on date not null,
    onsite boolean not null,
    items_checked varchar not null,
    violation_found boolean not null,
    violation_categories varchar,
    violation_amount decimal(18, 2) not null default 0,
    fund_loss decimal(18, 2) not null default 0,
    conclusion varchar,
    handling varchar,
    source_file varchar,
    recorded_at timestamp not null
);
comment on table inspection_result is '检查结果(每机构每次检查一行; 供信用台账、案件和 IPW 估计使用)';
comment on column inspection_result.result_id is '结果编号 | — | R + sha256(机构+检查日期+抽查编号) 前15位';
comment on column inspection_result.draw_id is '抽查编号 | — | 非抽查来源(飞行检查、举报)为空';
comment on column inspection_result.inspected_on is '检查日期 | — | 日期';
comment on column inspection_result.onsite is '是否现场检查 | — | 布尔';
comment on column inspection_result.items_checked is '检查事项 | — | 中文, 分号分隔';
comment on column inspection_result.violation_found is '是否发现违规 | — | 布尔';
comment on column inspection_result.violation_categories is '违规类别 | — | 规则类别代码, 分号分隔, 可空';
comment on column inspection_result.violation_amount is '违规金额(元) | — | DECIMAL ≥0';
comment on column inspection_result.fund_loss is '基金损失(元) | — | DECIMAL ≥0';
comment on column inspection_result.conclusion is '检查结论 | — | 中文, 可空';
comment on column inspection_result.handling is '处理 | — | 协议处理/行政处罚/移送…, 可空';
comment on column inspection_result.source_file is '来源文件 | — | 结果录入文件名';
comment on column inspection_result.recorded_at is '录入时间 | — | 时间戳';

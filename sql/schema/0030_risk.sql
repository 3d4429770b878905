-- Anomaly model and risk scores: one row per (run, entity type, entity, period) in risk_score,
-- per-feature drift against the training snapshot in risk_feature_drift, and one row per
-- (run, entity type, period) in risk_model_run saying which model scored it and whether the
-- supervised (feedback) layer was on.  A re-run of the same run_id replaces its rows.

create table risk_score (
    run_id varchar not null,
    entity_type varchar not null,
    entity_id varchar not null,
    period varchar not null,
    peer_group varchar,
    admdvs varchar,
    anomaly_score double,
    anomaly_pct double,
    iforest_pct double,
    tail_pct double,
    rule_score double,
    n_findings bigint,
    n_findings_definite bigint,
    vola_amt decimal(18, 2),
    fund_amt decimal(18, 2),
    supervised_pct double,
    risk_score double,
    risk_rank integer,
    band varchar,
    reasons json,
    model_version varchar,
    scored_at timestamp
);
comment on table risk_score is '主体风险评分(机构/医务人员/参保人, 按期)';
comment on column risk_score.run_id is '运行编号 | — | pipeline_run.run_id';
comment on column risk_score.entity_type is '主体类型 | — | institution机构 staff医务人员 insured参保人';
comment on column risk_score.entity_id is '主体编号 | fixmedins_code/dr_codg/psn_no | 必填';
comment on column risk_score.period is '评分期 | — | YYYY-MM, 或评估区间 YYYY-MM..YYYY-MM';
comment on column risk_score.peer_group is '同类组 | — | 如 H|3|310101 (类型|级别|区县), 小组合并到上级组';
comment on column risk_score.admdvs is '所属区县 | admdvs | 机构/执业机构/参保地区划';
comment on column risk_score.anomaly_score is '异常分 | — | 两个检测器秩的均值, 0~1';
comment on column risk_score.anomaly_pct is '异常分位 | — | 0~100, 同类主体中的百分位';
comment on column risk_score.iforest_pct is '孤立森林分位 | — | 0~100';
comment on column risk_score.tail_pct is '尾部概率分位 | — | 0~100, 同类组经验分布尾部概率之和';
comment on column risk_score.rule_score is '规则分 | — | 0~100, 由疑点严重程度、结果类型与金额计算';
comment on column risk_score.n_findings is '规则疑点数 | — | 评分期内';
comment on column risk_score.n_findings_definite is '明确违规疑点数 | — | 评分期内';
comment on column risk_score.vola_amt is '疑点违规金额(元) | vola_amt | DECIMAL';
comment on column risk_score.fund_amt is '疑点涉及基金(元) | — | DECIMAL';
comment on column risk_score.supervised_pct is '反馈模型分位 | — | 0~100; 标注不足时为空';
comment on column risk_score.risk_score is '风险分 | — | 0~100, 公式见 models/entity_risk/model.yaml';
comment on column risk_score.risk_rank is '风险排名 | — | 同期同类主体内 1 为最高';
comment on column risk_score.band is '风险等级 | — | 高/中/低, 按审核能力(每月每组 N 个)划定';
comment on column risk_score.reasons is '原因 | — | JSON 列表 {feature,label_zh,value,peer_median,percentile,text_zh}';
comment on column risk_score.model_version is '模型版本 | — | 模型名@版本#产物指纹';
comment on column risk_score.scored_at is '评分时间 | — | 时间戳';

create table risk_feature_drift (
    run_id varchar not null,
    entity_type varchar not null,
    period varchar not null,
    feature varchar not null,
    label_zh varchar not null,
    psi double,
    train_median double,
    current_median double,
    status varchar not null,
    model_version varchar,
    computed_at timestamp
);
comment on table risk_feature_drift is '特征漂移(当期相对训练快照的 PSI)';
comment on column risk_feature_drift.psi is '群体稳定性指数 | — | <0.1 稳定, 0.1~0.25 轻微, >0.25 显著';
comment on column risk_feature_drift.status is '漂移状态 | — | 稳定/轻微漂移/显著漂移';

create table risk_model_run (
    run_id varchar not null,
    entity_type varchar not null,
    period varchar not null,
    model_version varchar,
    n_entities bigint,
    n_high bigint,
    n_medium bigint,
    supervised_status varchar,
    n_labels bigint,
    max_psi double,
    seconds double,
    computed_at timestamp
);
comment on table risk_model_run is '模型评分运行记录';
comment on column risk_model_run.supervised_status is '反馈模型状态 | — | on已启用 / off_no_labels 标注不足 / off_disabled 未启用';

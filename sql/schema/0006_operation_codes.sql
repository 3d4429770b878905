-- Chinese labels of the operational codes (run, stage, batch and rule-execution statuses), so every
-- listing and report translates them from one place.
insert into code_list (code_type, code, label_zh) values
    ('run_status', 'running', '运行中'), ('run_status', 'completed', '完成'),
    ('run_status', 'failed', '失败'), ('run_status', 'interrupted', '中断'),
    ('run_status', 'skipped', '跳过'),
    ('pipeline_stage', 'ingest', '入库与质量校验'), ('pipeline_stage', 'rules', '规则'),
    ('pipeline_stage', 'anomaly', '异常模型'), ('pipeline_stage', 'cases', '案件'),
    ('pipeline_stage', 'credit', '信用'), ('pipeline_stage', 'reports', '报告'),
    ('batch_status', 'pending', '待处理'), ('batch_status', 'loaded', '已入库'),
    ('batch_status', 'rejected', '已拒收'), ('batch_status', 'failed', '失败'),
    ('batch_status', 'error', '出错'), ('batch_status', 'already_loaded', '已入库(跳过)'),
    ('rule_outcome', 'hit', '命中'), ('rule_outcome', 'no_hit', '未命中'),
    ('rule_outcome', 'error', '出错'), ('rule_outcome', 'degraded', '降级(数据覆盖不足)');

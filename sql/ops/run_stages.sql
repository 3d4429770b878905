select stage,
       case stage when 'ingest' then '入库与质量校验' when 'rules' then '规则' when 'anomaly' then '异常模型'
                  when 'cases' then '案件' when 'credit' then '信用' when 'reports' then '报告'
                  else stage end as stage_label,
       status,
       case status when 'completed' then '完成' when 'failed' then '失败' when 'skipped' then '跳过'
                   else status end as status_label,
       rows, round(seconds, 2) as seconds, message, counts
from run_stage
where run_id = $run_id
order by started_at

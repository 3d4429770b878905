-- Link the pending risk flags to their cases (append-only).
insert into case_flag (case_id, entity_type, entity_id, period, run_id, risk_score, band, reasons,
                       model_version, added_at)
select case_id, subject, entity_id, period, run_id, risk_score, band, reasons, model_version, $now
from pending_case_flag;

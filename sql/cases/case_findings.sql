-- The findings a case holds, with rule text reference and legal basis (no personal data columns).
select f.finding_id, f.rule_id, f.rule_version, f.gz_code, f.rule_name, f.category, f.result_type,
       f.legal_basis, f.severity, f.setl_id, f.fixmedins_code, f.staff_code, f.event_date,
       f.vola_amt, f.fund_amt, f.evidence
from case_finding cf join finding f using (finding_id)
where cf.case_id = $case_id
order by f.event_date, f.rule_id, f.finding_id;

-- The findings of several cases (export), with rule and legal basis; no personal data columns.
select cf.case_id, f.finding_id, f.rule_id, f.rule_version, f.gz_code, f.rule_name, f.category,
       f.result_type, f.legal_basis, f.severity, f.setl_id, f.fixmedins_code, f.staff_code,
       f.event_date, f.vola_amt, f.fund_amt
from case_finding cf join finding f using (finding_id)
where list_contains($case_ids, cf.case_id)
order by cf.case_id, f.event_date, f.rule_id, f.finding_id;

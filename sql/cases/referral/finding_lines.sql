-- The finding_line rows of a case's findings.
select fl.* from case_finding cf join finding_line fl using (finding_id)
where cf.case_id = $case_id order by fl.finding_id, fl.setl_id, fl.feedetl_sn;

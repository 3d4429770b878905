-- Every column of the findings a case holds (evidence rows for the receiving agency).
select f.* from case_finding cf join finding f using (finding_id)
where cf.case_id = $case_id order by f.rule_id, f.finding_id;

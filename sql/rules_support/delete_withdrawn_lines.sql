delete from finding_line where finding_id in (select finding_id from withdrawn_finding)

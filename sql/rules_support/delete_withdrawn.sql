delete from finding where finding_id in (select finding_id from withdrawn_finding)

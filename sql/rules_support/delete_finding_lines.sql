-- Lines of the findings about to be rewritten.
delete from finding_line
where finding_id in (select finding_id from rule_keyed)

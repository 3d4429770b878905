-- Lines of the withdrawn findings and of the findings about to be rewritten.
delete from finding_line
where finding_id in (
    select finding_id from withdrawn_finding
    union all
    select finding_id from run_keyed
)

-- Every institution to rate: the registry plus any entity with ledger entries.
select fixmedins_code as entity_id from institution
union
select entity_id from credit_ledger where entity_type = 'institution'
order by entity_id;

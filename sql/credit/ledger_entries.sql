-- Ledger entries of one subject type (optionally one entity), oldest first.
select entry_id, entity_type, entity_id, entry_date, points, kind, reason, basis, severity, case_id
from credit_ledger
where entity_type = $entity_type and ($entity_id is null or entity_id = $entity_id)
order by entity_id, entry_date, entry_id;

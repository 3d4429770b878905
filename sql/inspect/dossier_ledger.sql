-- Latest credit ledger entries of one institution.
select entry_date, points, kind, basis, case_id, reason
from credit_ledger
where entity_id = $code and entity_type in ('institution', 'pharmacy')
order by entry_date desc, created_at desc
limit 15

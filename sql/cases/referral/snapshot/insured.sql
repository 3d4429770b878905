-- Snapshot of insured: every person appearing in the snapshot's settlements.
-- $full = true copies the whole table (peer-comparison rules need every peer).
select * from insured
where $full or (psn_no in (
    select psn_no from settlement
    where list_contains($persons, psn_no) or list_contains($institutions, fixmedins_code)
) or list_contains($persons, psn_no));

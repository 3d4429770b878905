-- Snapshot of insured: every person appearing in the snapshot's settlements.
select * from insured
where psn_no in (
    select psn_no from settlement
    where list_contains($persons, psn_no) or list_contains($institutions, fixmedins_code)
) or list_contains($persons, psn_no);

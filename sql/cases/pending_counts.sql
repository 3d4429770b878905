-- How many findings and risk flags this build links.
select (select count(*) from pending_case_finding) as n_findings,
       (select count(*) from pending_case_flag) as n_flags;

-- How many touched cases are new, existing open ones, or closed ones reopened by new evidence.
select
    count(*) filter (where prev_status is null) as n_new,
    count(*) filter (where prev_status is not null and prev_status <> '结案') as n_appended,
    count(*) filter (where prev_status = '结案') as n_reopened
from touched_case;

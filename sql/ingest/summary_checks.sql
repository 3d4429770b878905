-- Findings of one batch per check (warning rows are capped in the table; see the summary).
select check_name, severity, count(*) as n_rows, count(distinct file_path) as n_files
from quarantine
where batch_id = $batch_id
group by check_name, severity
order by severity, n_rows desc, check_name;

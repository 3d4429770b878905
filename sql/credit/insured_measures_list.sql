-- Insured-person measures (person number only), optionally only those in force on $as_of.
select measure_id, psn_no, measure, begin_date, end_date, months, case_id, reason
from insured_measure
where $as_of is null or (begin_date <= $as_of and end_date >= $as_of)
order by begin_date desc, psn_no;

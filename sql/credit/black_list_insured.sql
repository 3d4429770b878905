-- 黑名单 (参保人): measures in force on $as_of (person number only, no names).
select psn_no, measure, begin_date, end_date, months, case_id
from insured_measure
where begin_date <= $as_of and end_date >= $as_of
order by psn_no, begin_date;

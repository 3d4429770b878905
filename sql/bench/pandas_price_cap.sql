-- Price caps the pandas reference rules read.
select hilist_code, medins_lv, pric_uplmt_amt, begndate, enddate
from price_cap

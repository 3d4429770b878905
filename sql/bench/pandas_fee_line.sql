-- Fee-line columns the pandas reference rules read.
select setl_id, feedetl_sn, mdtrt_id, psn_no, fixmedins_code, med_list_codg, fee_ocur_time, pric, cnt
from fee_line

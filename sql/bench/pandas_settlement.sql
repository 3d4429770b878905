-- Settlement columns the pandas reference rules read.
select setl_id, mdtrt_id, psn_no, fixmedins_code, med_type, begntime, endtime, setl_time,
    main_diag_code, er_flag, readm_plan_flag, refd_setl_flag
from settlement

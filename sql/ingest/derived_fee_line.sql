-- Derived check columns (besides references) for staged fee_line rows of the batch.
select
    s._row_id,
    cast(s.det_item_fee_sumamt - s.pric * s.cnt as double) as _amt_diff,
    s.cnt is null or s.cnt <> 0 as _chk_cnt_nonzero
from stage_fee_line as s

-- Benchmark floor (grouped): every fee line summed per settlement, then the groups counted.
select count(*) as n_settlements, sum(setl_fee) as total_fee
from (
    select setl_id, sum(det_item_fee_sumamt) as setl_fee
    from fee_line
    group by setl_id
) as per_setl

-- Benchmark floor: one bare scan aggregating every fee line.
select count(*) as n_lines, sum(det_item_fee_sumamt) as total_fee
from fee_line

-- Settle-date span of the loaded data and the fee-line volume (benchmark window).
select
    min(cast(setl_time as date)) as period_start,
    max(cast(setl_time as date)) as period_end,
    (select count(*) from settlement) as n_settlements,
    (select count(*) from fee_line) as n_fee_lines
from settlement

-- 药费占比偏高: per calendar month touched by the window (judged as of its last day), institutions whose
-- drug fee share over the look-back ending the month's last day exceeds the peer percentile of
-- their peer group (institution type and level) in that month.
with
final as (
    select *
    from fg_monthly_fee_share(
        'drug', $lookback_days, $peer_percentile, $min_excess, $min_peers, $min_fee,
        $period_start, $period_end
    )
)

select * from final

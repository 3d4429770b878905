-- 耗材占比偏高: institutions whose consumable fee share over the lookback exceeds the peer percentile of
-- their peer group (institution type and level).
with
final as (
    select *
    from fg_institution_fee_share(
        'consumable', $lookback_days, $peer_percentile, $min_excess, $min_peers, $min_fee,
        $period_start, $period_end
    )
)

select * from final

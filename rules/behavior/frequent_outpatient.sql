-- 频繁门诊: persons whose number of outpatient visits in the $lookback_days days ending the window end
-- exceeds both $min_count and the $peer_percentile of all persons with such visits.
with
final as (
    select *
    from fg_frequent_visitors(
        'outpatient', $lookback_days, $peer_percentile, $min_count, $period_start, $period_end
    )
)

select * from final

-- 频繁购药: per calendar month touched by the window (judged as of its last day), persons with a
-- visit (pharmacy) settled in the month whose visits in the $lookback_days days ending the month's
-- last day exceed both $min_count and the $peer_percentile of all persons with such visits.
with
final as (
    select *
    from fg_monthly_frequent_visitors(
        'pharmacy', $lookback_days, $peer_percentile, $min_count, $period_start, $period_end
    )
)

select * from final

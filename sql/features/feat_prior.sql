-- (institution, patient) pairs of the look-back settlements (settled from $lookback_start to the
-- day before $start, refunds excluded) (materialised as temp table feat_prior): the "seen before"
-- test of the institutions' new-patient share.  feat_setl keeps only the look-back rows other
-- features read (inpatient stays and chronic-disease visits), not one row per look-back settlement.
with final as (
    select distinct
        fixmedins_code,
        psn_no
    from settlement
    where cast(setl_time as date) >= $lookback_start
        and cast(setl_time as date) < $start
        and not refd_setl_flag
)

select * from final

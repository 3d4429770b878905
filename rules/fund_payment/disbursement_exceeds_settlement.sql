-- 拨付多于结算: per institution × settle period × clearing type (fg_recon_period_units, migration 0071),
-- the disbursements (without the repeats of a duplicated disbursement) exceed the fund share of the
-- period's settlements by more than max($abs_tolerance, $rel_tolerance × settled).  Period rule:
-- every settle period (calendar month) the window touches is judged on all data loaded so far, the
-- event date is the period's last day.  The excess is the violation amount (all fund money).
with
units as (
    select *
    from fg_recon_period_units(
        $abs_tolerance, $rel_tolerance, 0.01, 1, $period_end, $clr_type_map, $default_clr_type,
        strftime($period_start, '%Y-%m'), strftime($period_end, '%Y-%m')
    )
    where is_over
),

final as (
    select
        cast(null as varchar) as setl_id,
        cast(null as varchar) as mdtrt_id,
        cast(null as varchar) as psn_no,
        fixmedins_code,
        cast(null as varchar) as staff_code,
        last_day(cast(period || '-01' as date)) as event_date,
        diff_amt as vola_amt,
        diff_amt as fund_amt,
        period,
        clr_type,
        settled_amt,
        n_setl,
        net_disbursed_amt,
        n_disb,
        tolerance,
        array_to_string(disb_ids, ',') as disb_ids,
        last_disb_date
    from units
)

select * from final

-- 重复拨付: a later disbursement with the same institution, settle period, clearing type and amount
-- as an earlier one (copy_no > 1) in a unit whose total disbursements exceed the settled fund beyond
-- the tolerance (fg_recon_period_units.is_repeated, migration 0071).  Period rule: the settle periods the
-- window touches, event date the period's last day.  The amount is the repeat, at most the excess.
with
units as (
    select fixmedins_code, period, clr_type, settled_amt, disbursed_amt
    from fg_recon_period_units(
        $abs_tolerance, $rel_tolerance, 0.01, 1, $period_end, $clr_type_map, $default_clr_type,
        strftime($period_start, '%Y-%m'), strftime($period_end, '%Y-%m')
    )
    where is_repeated
)

select
    d.* replace (
        last_day(cast(d.period || '-01' as date)) as event_date,
        least(d.amount, u.disbursed_amt - u.settled_amt) as vola_amt,
        least(d.amount, u.disbursed_amt - u.settled_amt) as fund_amt
    ),
    u.settled_amt,
    u.disbursed_amt
from fg_recon_disbursement_hits(0.01, $default_clr_type) as d
inner join units as u
    on u.fixmedins_code = d.fixmedins_code and u.period = d.period and u.clr_type = d.clr_type
where d.copy_no > 1

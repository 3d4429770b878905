-- Reconciliation units of the settle periods period_from..period_to (YYYY-MM) only: the same result
-- as fg_recon_units (migration 0070) for those periods, read from the settlements of that time range
-- and aggregated per med_type before the clearing type is mapped (the mapping then runs once per
-- institution, month and med_type instead of once per settlement: ~3x faster on 5M settlements).
-- Its judging part repeats fg_recon_units of 0070 (committed migrations are never edited); the end
-- of this file redefines fg_recon_units on top of it, so one implementation is live.

create macro fg_recon_period_units(
    abs_tol, rel_tol, bank_tol, lag_months, as_of, clr_map, default_clr, period_from, period_to
) as table
with
settled_by_type as (
    select
        fixmedins_code,
        strftime(setl_time, '%Y-%m') as period,
        med_type,
        count(*) as n_setl,
        sum(fund_pay_sumamt) as settled_amt
    from settlement
    where setl_time >= cast(period_from || '-01' as timestamp)
        and setl_time < cast(period_to || '-01' as timestamp) + interval 1 month
    group by fixmedins_code, strftime(setl_time, '%Y-%m'), med_type
),

settled as (
    select
        fixmedins_code,
        period,
        fg_clr_type(med_type, clr_map, default_clr) as clr_type,
        cast(sum(n_setl) as bigint) as n_setl,
        sum(settled_amt) as settled_amt
    from settled_by_type
    group by fixmedins_code, period, fg_clr_type(med_type, clr_map, default_clr)
),

paid as (
    select
        fixmedins_code,
        period,
        clr_type,
        count(*) as n_disb,
        sum(amount) as disbursed_amt,
        coalesce(sum(amount) filter (where copy_no > 1), 0) as repeated_amt,
        coalesce(sum(bank_amt), 0) as bank_amt,
        min(disb_date) as first_disb_date,
        max(disb_date) as last_disb_date,
        bool_or(not bank_found) as any_bank_missing,
        bool_or(bank_amount_differs) as any_bank_differs,
        bool_or(bank_counterparty_differs) as any_counterparty_differs,
        bool_or(to_inactive) as any_to_inactive,
        list(disb_id order by disb_id) as disb_ids
    from fg_recon_disbursements(bank_tol, default_clr)
    where period between period_from and period_to
    group by fixmedins_code, period, clr_type
),

units as (
    select
        coalesce(s.fixmedins_code, p.fixmedins_code) as fixmedins_code,
        coalesce(s.period, p.period) as period,
        coalesce(s.clr_type, p.clr_type) as clr_type,
        coalesce(s.n_setl, 0) as n_setl,
        coalesce(s.settled_amt, 0) as settled_amt,
        coalesce(p.n_disb, 0) as n_disb,
        coalesce(p.disbursed_amt, 0) as disbursed_amt,
        coalesce(p.repeated_amt, 0) as repeated_amt,
        coalesce(p.bank_amt, 0) as bank_amt,
        p.first_disb_date,
        p.last_disb_date,
        coalesce(p.any_bank_missing, false) as any_bank_missing,
        coalesce(p.any_bank_differs, false) as any_bank_differs,
        coalesce(p.any_counterparty_differs, false) as any_counterparty_differs,
        coalesce(p.any_to_inactive, false) as any_to_inactive,
        coalesce(p.disb_ids, []) as disb_ids,
        fg_recon_tolerance(coalesce(s.settled_amt, 0), abs_tol, rel_tol) as tolerance,
        last_day(cast(coalesce(s.period, p.period) || '-01' as date) + to_months(lag_months)) as due_date
    from settled as s
    full outer join paid as p
        on p.fixmedins_code = s.fixmedins_code and p.period = s.period and p.clr_type = s.clr_type
),

repeats as (
    select
        *,
        repeated_amt > 0 and disbursed_amt - settled_amt > tolerance as is_repeated
    from units
),

netted as (
    select
        *,
        disbursed_amt - case when is_repeated then repeated_amt else 0 end as net_disbursed_amt
    from repeats
),

judged as (
    select
        *,
        net_disbursed_amt - settled_amt as diff_amt,
        net_disbursed_amt - settled_amt > tolerance as is_over,
        settled_amt - net_disbursed_amt > tolerance as is_under,
        cast(as_of as date) > due_date as is_due
    from netted
)

select
    *,
    list_filter([
        case when any_to_inactive then '向暂停或解除协议机构拨付' end,
        case when is_repeated then '重复拨付' end,
        case when is_over then '拨付多于结算' end,
        case when any_bank_missing then '无银行流水' end,
        case when any_bank_differs then '银行流水金额不符' end,
        case when any_counterparty_differs then '银行流水对方单位不符' end,
        case when is_under and is_due then '拨付少于结算' end,
        case when is_under and not is_due then '待拨付' end
    ], lambda x: x is not null) as issues
from judged;

-- fg_recon_units over every period, by the faster macro above.
create or replace macro fg_recon_units(abs_tol, rel_tol, bank_tol, lag_months, as_of, clr_map, default_clr) as table
select *
from fg_recon_period_units(
    abs_tol, rel_tol, bank_tol, lag_months, as_of, clr_map, default_clr, '0001-01', '9998-12'
);

-- Every disbursement of one settle period ($period) with its bank debit and what is wrong with it.
with
units as (
    select fixmedins_code, period, clr_type, is_repeated
    from fg_recon_period_units(
        $abs_tol, $rel_tol, $bank_tol, $lag_months, $as_of, $clr_map, $default_clr, $period, $period
    )
),

disbursed as (
    select d.*, coalesce(u.is_repeated, false) and d.copy_no > 1 as is_repeat
    from fg_recon_disbursements($bank_tol, $default_clr) as d
    left join units as u
        on u.fixmedins_code = d.fixmedins_code and u.period = d.period and u.clr_type = d.clr_type
    where d.period = $period
),

judged as (
    select
        *,
        list_filter([
            case when to_inactive then '向暂停或解除协议机构拨付' end,
            case when is_repeat then '重复拨付' end,
            case when not bank_found then '无银行流水' end,
            case when bank_amount_differs then '银行流水金额不符' end,
            case when bank_counterparty_differs then '银行流水对方单位不符' end
        ], lambda x: x is not null) as issues
    from disbursed
)

select
    disb_id, fixmedins_code, period, clr_type, amount, disb_date, bank_txn_id, bank_date, bank_amt,
    bank_counterparty, case when is_repeat then first_disb_id end as first_disb_id,
    coalesce(issues[1], '一致') as status,
    array_to_string(issues, '、') as issues
from judged
order by disb_id

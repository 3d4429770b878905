-- Reconciliation of one settle period ($period, YYYY-MM): a row per institution × clearing type
-- (fg_recon_period_units, migration 0071) and a row per expense-account debit of that month that no
-- disbursement refers to (银行流水无对应拨付).  status = the first issue (priority order), or 一致.
with
units as (
    select *
    from fg_recon_period_units(
        $abs_tol, $rel_tol, $bank_tol, $lag_months, $as_of, $clr_map, $default_clr, $period, $period
    )
),

orphans as (
    select *
    from fg_recon_bank_orphans()
    where strftime(txn_date, '%Y-%m') = $period
),

all_rows as (
    select
        fixmedins_code, period, clr_type, n_setl, settled_amt, n_disb, disbursed_amt, repeated_amt,
        net_disbursed_amt, bank_amt, diff_amt, tolerance, cast(due_date as date) as due_date, issues,
        array_to_string(disb_ids, ',') as disb_ids,
        cast(null as varchar) as bank_txn_id
    from units
    union all
    select
        counterparty_code, $period, cast(null as varchar), 0, cast(0 as decimal(18, 2)), 0,
        cast(0 as decimal(18, 2)), cast(0 as decimal(18, 2)), cast(0 as decimal(18, 2)), paid_amt,
        paid_amt, cast(0 as decimal(18, 2)), cast(null as date), ['银行流水无对应拨付'], '',
        bank_txn_id
    from orphans
)

select
    r.fixmedins_code,
    i.fixmedins_name,
    coalesce(a.label_zh, i.agreement_status) as agreement_status_zh,
    r.period,
    r.clr_type,
    r.n_setl,
    r.settled_amt,
    r.n_disb,
    r.disbursed_amt,
    r.repeated_amt,
    r.net_disbursed_amt,
    r.bank_amt,
    r.diff_amt,
    r.tolerance,
    r.due_date,
    coalesce(r.issues[1], '一致') as status,
    array_to_string(r.issues, '、') as issues,
    r.disb_ids,
    r.bank_txn_id
from all_rows as r
left join institution as i on i.fixmedins_code = r.fixmedins_code
left join code_list as a on a.code_type = 'agreement_status' and a.code = i.agreement_status
order by r.fixmedins_code nulls last, r.clr_type nulls last, r.bank_txn_id

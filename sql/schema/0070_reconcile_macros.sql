-- Fund-disbursement reconciliation (基金拨付对账): macros shared by sql/reconcile/*.sql and the
-- fund_payment rules.  Three-way match per institution × settle period (YYYY-MM) × clearing type of
-- (a) the fund share of settlements (fund_pay_sumamt by settle month), (b) disbursements and
-- (c) debits of the expense account (bank_record.account_type 'expense', amounts negative).

-- Clearing type of a settlement: clr_map lists 'clr_type=med_type,med_type;…'; the first entry naming
-- the settlement's med_type wins, unlisted med_types are cleared under default_clr.
create macro fg_clr_type(med_type, clr_map, default_clr) as
    coalesce(
        trim(list_filter(
            list_transform(string_split(coalesce(clr_map, ''), ';'), lambda e: string_split(e, '=')),
            lambda kv: len(kv) = 2
                and list_contains(list_transform(string_split(kv[2], ','), lambda c: trim(c)), med_type)
        )[1][1]),
        default_clr
    );

-- Tolerance of a comparison against amount: the larger of abs_tol (元) and rel_tol × |amount|.
create macro fg_recon_tolerance(amount, abs_tol, rel_tol) as
    greatest(
        cast(abs_tol as decimal(18, 2)),
        cast(round(abs(cast(amount as double)) * rel_tol, 2) as decimal(18, 2))
    );

-- One row per disbursement with its bank debit and the agreement of its payee:
-- copy_no > 1 marks a later disbursement of the same institution, period, clearing type and amount;
-- bank_found: its bank_txn_id is a debit of the expense account; bank_amount_differs: that debit
-- differs by more than bank_tol or is claimed by several disbursements; to_inactive: paid while the
-- agreement is suspended (status 2: after agreement_end, or with no end date) or, once terminated
-- (status 3), for a settle period that starts after agreement_end.
create macro fg_recon_disbursements(bank_tol, default_clr) as table
with
disbursed as (
    select
        disb_id,
        fixmedins_code,
        period,
        coalesce(nullif(trim(clr_type), ''), default_clr) as clr_type,
        amount,
        disb_date,
        bank_txn_id
    from fund_disbursement
),

ranked as (
    select
        *,
        row_number() over (
            partition by fixmedins_code, period, clr_type, amount order by disb_date, disb_id
        ) as copy_no,
        first_value(disb_id) over (
            partition by fixmedins_code, period, clr_type, amount order by disb_date, disb_id
        ) as first_disb_id,
        count(bank_txn_id) over (partition by bank_txn_id) as n_bank_claims
    from disbursed
),

debits as (
    select bank_txn_id, txn_date, -amount as paid_amt, counterparty_code
    from bank_record
    where account_type = 'expense' and amount < 0
)

select
    r.disb_id,
    r.fixmedins_code,
    r.period,
    r.clr_type,
    r.amount,
    r.disb_date,
    r.bank_txn_id,
    r.copy_no,
    r.first_disb_id,
    r.n_bank_claims,
    b.txn_date as bank_date,
    b.paid_amt as bank_amt,
    b.counterparty_code as bank_counterparty,
    i.agreement_status,
    i.agreement_end,
    b.bank_txn_id is not null as bank_found,
    b.bank_txn_id is not null
        and (abs(b.paid_amt - r.amount) > cast(bank_tol as decimal(18, 2)) or r.n_bank_claims > 1)
        as bank_amount_differs,
    b.bank_txn_id is not null and b.counterparty_code is distinct from r.fixmedins_code
        as bank_counterparty_differs,
    coalesce(
        (i.agreement_status = '2' and (i.agreement_end is null or r.disb_date > i.agreement_end))
        or (i.agreement_status = '3'
            and (i.agreement_end is null or cast(r.period || '-01' as date) > i.agreement_end)),
        false
    ) as to_inactive
from ranked as r
left join debits as b on b.bank_txn_id = r.bank_txn_id
left join institution as i on i.fixmedins_code = r.fixmedins_code;

-- fg_recon_disbursements as rule hits: the standard finding columns (charged to the payee institution,
-- event_date = payment date, vola_amt = fund_amt = the amount paid) followed by every disbursement column.
create macro fg_recon_disbursement_hits(bank_tol, default_clr) as table
select
    cast(null as varchar) as setl_id,
    cast(null as varchar) as mdtrt_id,
    cast(null as varchar) as psn_no,
    d.fixmedins_code,
    cast(null as varchar) as staff_code,
    d.disb_date as event_date,
    d.amount as vola_amt,
    d.amount as fund_amt,
    d.* exclude (fixmedins_code)
from fg_recon_disbursements(bank_tol, default_clr) as d;

-- One row per institution × settle period × clearing type present in settlements or disbursements.
-- settled_amt: Σ fund_pay_sumamt (refunds are negative); disbursed_amt: Σ disbursements;
-- is_repeated: a same-amount disbursement repeats and the total exceeds the settled fund by more than
-- the tolerance (then the repeats are left out of net_disbursed_amt); is_over / is_under: net
-- disbursed above / below the settled fund by more than the tolerance; is_due: as_of is after the
-- last day of the lag_months-th month after the period (a shortfall before that is only pending).
create macro fg_recon_units(abs_tol, rel_tol, bank_tol, lag_months, as_of, clr_map, default_clr) as table
with
settled as (
    select
        fixmedins_code,
        strftime(setl_time, '%Y-%m') as period,
        fg_clr_type(med_type, clr_map, default_clr) as clr_type,
        count(*) as n_setl,
        sum(fund_pay_sumamt) as settled_amt
    from settlement
    group by fixmedins_code, strftime(setl_time, '%Y-%m'), fg_clr_type(med_type, clr_map, default_clr)
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

-- Debits of the expense account that no disbursement refers to (银行流水无对应拨付).
create macro fg_recon_bank_orphans() as table
select
    b.bank_txn_id,
    b.txn_date,
    -b.amount as paid_amt,
    b.counterparty_code,
    b.memo
from bank_record as b
where b.account_type = 'expense'
    and b.amount < 0
    and not exists (select 1 from fund_disbursement as d where d.bank_txn_id = b.bank_txn_id);

-- fg_monthly_fee_share of migration 0061, same results, reading the per-institution-day fees from the
-- shared rule input rule_input.inst_daily_fee (sql/rule_inputs/inst_daily_fee.sql, created by the
-- rules runner once per run for the three fee-share indicators; it may span a longer look-back than
-- one indicator's, the join with the months below keeps each indicator's own).  The table is named
-- by a parameter (query_table) because it exists only while the runner evaluates rules.
create or replace macro fg_monthly_fee_share(kind, lookback_days, peer_percentile, min_excess, min_peers, min_fee, period_start, period_end, daily_fees := 'rule_input.inst_daily_fee') as table
with
months as (
    select * from fg_months(period_start, period_end)
),

-- The per-institution-day fees of every indicator, computed once per run for all of them.
daily as (
    select
        fixmedins_code,
        setl_date,
        total_fee,
        case kind
            when 'drug' then drug_fee
            when 'exam' then exam_fee
            when 'consumable' then consumable_fee
            else 0
        end as kind_fee
    from query_table(daily_fees)
),

fees as (
    select
        m.period,
        any_value(m.month_end) as month_end,
        d.fixmedins_code,
        sum(d.total_fee) as total_fee,
        sum(d.kind_fee) as kind_fee,
        max(case when d.setl_date >= m.month_start then 1 else 0 end) as in_month
    from months as m
    inner join daily as d
        on d.setl_date <= m.month_end
        and date_diff('day', d.setl_date, m.month_end) < lookback_days
    group by m.period, d.fixmedins_code
),

shares as (
    select
        x.period, x.month_end, x.fixmedins_code, x.total_fee, x.kind_fee, x.in_month,
        m.inst_type, m.medins_lv,
        cast(x.kind_fee as double) / cast(x.total_fee as double) as fee_share
    from fees as x
    inner join institution as m on m.fixmedins_code = x.fixmedins_code
    where x.total_fee >= min_fee
),

peers as (
    select
        *,
        quantile_cont(fee_share, peer_percentile) over (partition by period, inst_type, medins_lv)
            as peer_threshold,
        median(fee_share) over (partition by period, inst_type, medins_lv) as peer_median,
        count(*) over (partition by period, inst_type, medins_lv) as n_peers
    from shares
)

select
    cast(null as varchar) as setl_id,
    cast(null as varchar) as mdtrt_id,
    cast(null as varchar) as psn_no,
    fixmedins_code,
    cast(null as varchar) as staff_code,
    month_end as event_date,
    cast(0 as decimal(18, 2)) as vola_amt,
    period,
    kind as indicator,
    round(fee_share, 4) as fee_share,
    round(peer_median, 4) as peer_median,
    round(peer_threshold, 4) as peer_threshold,
    n_peers,
    total_fee
from peers
where in_month = 1 and n_peers >= min_peers and fee_share > peer_threshold
    and fee_share >= peer_median + min_excess;

-- Loaded batches no completed run has analysed yet, each with the settle dates its data touched:
-- settlements and fee lines it loaded (current or since superseded), the original settle dates of
-- rows it corrected (the replaced versions in *_history), its inventory movement dates, and the
-- first day of the settle period (fund_disbursement.period) of the disbursements it loaded or
-- corrected and of the disbursements its bank records pay (the fund_payment rules judge periods).
with pending as (
    select batch_id
    from ingest_batch as b
    where b.status in ('loaded', 'loaded_with_errors')
        and not exists (select 1 from batch_analysis as a where a.batch_id = b.batch_id)
),

setl_versions as (
    select setl_id, setl_time, _batch_id as batch_id from settlement
    where _batch_id in (select batch_id from pending)
    union all
    select setl_id, setl_time, _batch_id from settlement_history
    where _batch_id in (select batch_id from pending)
    union all
    select setl_id, setl_time, _superseded_by from settlement_history
    where _superseded_by in (select batch_id from pending)
),

line_batches as (
    select distinct setl_id, _batch_id as batch_id from fee_line
    where _batch_id in (select batch_id from pending)
    union
    select distinct setl_id, _batch_id from fee_line_history
    where _batch_id in (select batch_id from pending)
    union
    select distinct setl_id, _superseded_by from fee_line_history
    where _superseded_by in (select batch_id from pending)
),

touched as (
    select batch_id, cast(setl_time as date) as touched_date from setl_versions
    union all
    select l.batch_id, cast(s.setl_time as date) from line_batches as l
    join settlement as s on s.setl_id = l.setl_id
    union all
    select _batch_id, cast(inv_chg_time as date) from inventory_movement
    where _batch_id in (select batch_id from pending)
    union all
    select _superseded_by, cast(inv_chg_time as date) from inventory_movement_history
    where _superseded_by in (select batch_id from pending)
    union all
    select _batch_id, cast(period || '-01' as date) from fund_disbursement
    where _batch_id in (select batch_id from pending)
    union all
    select _superseded_by, cast(period || '-01' as date) from fund_disbursement_history
    where _superseded_by in (select batch_id from pending)
    union all
    select b.batch_id, cast(d.period || '-01' as date)
    from (
        select bank_txn_id, _batch_id as batch_id from bank_record
        where _batch_id in (select batch_id from pending)
        union all
        select bank_txn_id, _superseded_by from bank_record_history
        where _superseded_by in (select batch_id from pending)
    ) as b
    inner join fund_disbursement as d on d.bank_txn_id = b.bank_txn_id
)

select p.batch_id, min(t.touched_date) as touched_from, max(t.touched_date) as touched_to
from pending as p
left join touched as t on t.batch_id = p.batch_id
group by p.batch_id
order by p.batch_id

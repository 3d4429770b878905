-- 跨机构重复开药: a drug line whose supply period overlaps, by at least $min_overlap_days days, the
-- supply period (fee date + prd_days) of an earlier line of the same drug class (catalog
-- drug_class) prescribed to the same person by another institution.  The later line is flagged.
-- The earlier line may settle after it (inside a stay): a hit is kept when either line of a pair
-- settled in the window, with every overlapping earlier line as related.
-- Pairs are formed on narrow drug lines of persons with a drug line settled in the window; settle
-- times are looked up for the paired lines only, and the hit lines' other columns at the end.
-- Only lines from `horizon` on can pair with a line of the window (the earliest fee date of the
-- window's drug lines minus the longest supply period on record, or earlier), so a night reads the
-- recent lines, not the whole history.
with
window_settlements as (
    select setl_id, psn_no
    from settlement
    where fg_in_period(setl_time, $period_start, $period_end)
),

-- Drug lines of window settlements dated before the window (stays, late uploads): a time filter
-- the scan applies first, then the semi join on the few rows left.
early_window_lines as (
    select min(f.fee_ocur_time) as first_fee_time
    from fee_line as f
    where f.prd_days > 0
        and f.fee_ocur_time < $period_start
        and f.setl_id in (select setl_id from window_settlements)
),

-- The earliest fee date of the window's drug lines is at least the earlier of the window start
-- and their earliest early line, so this is a lower bound of the horizon: an earlier start only
-- reads lines that cannot pair with a window line (their supply ends before its fee date).
horizon as (
    select
        least(coalesce(cast(e.first_fee_time as date), $period_start), $period_start)
            - to_days(cast((select coalesce(max(prd_days), 0) from fee_line) as integer)) as first_day
    from early_window_lines as e
),

window_persons as (
    select distinct psn_no
    from window_settlements
),

drug_lines as (
    select
        f.setl_id, f.feedetl_sn, f.psn_no, f.fixmedins_code, f.fee_ocur_time, f.prd_days,
        c.drug_class,
        cast(f.fee_ocur_time as date) as start_date
    from fee_line as f
    inner join catalog_item as c
        on c.hilist_code = f.med_list_codg
        and c.drug_class is not null
        and fg_valid_on(f.fee_ocur_time, c.begndate, c.enddate)
    where f.prd_days > 0
        and f.fee_ocur_time >= (select first_day from horizon)
),

pairs as (
    select
        b.setl_id, b.feedetl_sn, b.drug_class, b.start_date,
        a.setl_id as a_setl_id, a.feedetl_sn as a_feedetl_sn,
        a.prd_days - date_diff('day', a.start_date, b.start_date) as overlap_days
    from drug_lines as b
    inner join drug_lines as a
        on a.psn_no = b.psn_no
        and a.drug_class = b.drug_class
        and a.fixmedins_code <> b.fixmedins_code
        -- a is earlier: two institutions never share a settlement, so it breaks fee-time ties
        and (a.fee_ocur_time < b.fee_ocur_time
            or (a.fee_ocur_time = b.fee_ocur_time and a.setl_id < b.setl_id))
        -- overlap = a.prd_days - (b.start_date - a.start_date) >= $min_overlap_days, as ranges
        and a.start_date <= b.start_date
        and a.start_date + a.prd_days >= b.start_date + $min_overlap_days
    where b.psn_no in (select psn_no from window_persons)
),

hits as (
    select
        p.setl_id,
        p.feedetl_sn,
        any_value(p.start_date) as event_date,
        any_value(p.drug_class) as drug_class,
        max(p.overlap_days) as overlap_days,
        list({'setl_id': p.a_setl_id, 'feedetl_sn': p.a_feedetl_sn}) as related_lines
    from pairs as p
    inner join settlement as sb on sb.setl_id = p.setl_id
    inner join settlement as sa on sa.setl_id = p.a_setl_id
    group by p.setl_id, p.feedetl_sn
    having bool_or(
        fg_in_period(sb.setl_time, $period_start, $period_end)
        or fg_in_period(sa.setl_time, $period_start, $period_end)
    )
),

final as (
    select
        h.setl_id,
        h.feedetl_sn,
        f.mdtrt_id,
        f.psn_no,
        f.fixmedins_code,
        f.bilg_dr_codg as staff_code,
        h.event_date,
        f.det_item_fee_sumamt as vola_amt,
        f.med_list_codg,
        h.drug_class,
        h.overlap_days,
        h.related_lines
    from hits as h
    inner join fee_line as f on f.setl_id = h.setl_id and f.feedetl_sn = h.feedetl_sn
    where f.prd_days > 0  -- hit lines are drug lines: the filter skips most of the scan
)

select * from final

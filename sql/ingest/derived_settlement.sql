-- Derived check columns (besides references) for staged settlement rows of the batch.
-- Header total: medfee_sumamt minus the sum of the settlement's fee lines, where a line delivered in
-- this batch (highest version) replaces the stored one; null when no line is known yet.
with batch_lines as (
    select setl_id, feedetl_sn, arg_max(det_item_fee_sumamt, _rec_version) as amt
    from stage_fee_line
    where setl_id in (select setl_id from stage_settlement)
    group by setl_id, feedetl_sn
),

stored_lines as (
    select f.setl_id, f.feedetl_sn, f.det_item_fee_sumamt as amt
    from fee_line as f
    where f.setl_id in (select setl_id from stage_settlement)
      and not exists (
          select 1 from batch_lines as b where b.setl_id = f.setl_id and b.feedetl_sn = f.feedetl_sn
      )
),

line_totals as (
    select setl_id, sum(amt) as total
    from (select * from batch_lines union all select * from stored_lines)
    group by setl_id
)

select
    s._row_id,
    cast(s.medfee_sumamt - t.total as double) as _lines_diff,
    coalesce(s.refd_setl_flag, false)
    or coalesce(least(s.medfee_sumamt, s.fund_pay_sumamt, s.psn_part_amt, s.hifp_pay, s.acct_pay,
                      s.psn_cash_pay, s.fulamt_ownpay_amt, s.inscp_scp_amt) >= 0, true)
        as _chk_amounts_nonneg,
    s.med_type not in ('21', '24', '28', '52') or s.endtime is not null as _chk_inpatient_endtime,
    s.med_type = '41' or s.main_diag_code is not null as _chk_main_diag
from stage_settlement as s
left join line_totals as t on s.setl_id = t.setl_id

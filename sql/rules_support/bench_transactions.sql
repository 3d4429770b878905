-- Benchmark city (transactions): $n_settlements settlements over 2025, $lines_per_settlement fee
-- lines each, with a few planted anomalies (late uploads, reused trace codes) so rules do real work.
insert into settlement (setl_id, mdtrt_id, psn_no, fixmedins_code, insutype, med_type, begntime,
    endtime, dr_codg, main_diag_code, medfee_sumamt, fund_pay_sumamt, psn_part_amt, setl_time,
    upload_time)
select
    'S' || i, 'M' || i,
    'P' || lpad(cast(hash(i) % $n_persons as varchar), 9, '0'),
    'H' || lpad(cast(hash(i + 1) % 400 as varchar), 5, '0'),
    '310', med_type, begntime,
    case when med_type = '21' then begntime + to_days(cast(1 + i % 12 as integer)) end,
    'D' || lpad(cast(hash(i + 2) % 8000 as varchar), 6, '0'),
    case when i % 97 = 0 then 'O80.0'
        else ['J18.9', 'I10', 'E11.9', 'K29.7', 'C34.1'][1 + cast(hash(i + 3) % 5 as integer)] end,
    1000, 700, 300,
    coalesce(case when med_type = '21' then begntime + to_days(cast(1 + i % 12 as integer)) end, begntime),
    coalesce(case when med_type = '21' then begntime + to_days(cast(1 + i % 12 as integer)) end, begntime)
        + to_hours(case when i % 997 = 0 then 72 else 1 end)
from (
    select i,
        case when i % 10 = 0 then '21' when i % 10 < 3 then '41' else '11' end as med_type,
        timestamp '2025-01-01 08:00:00' + to_minutes(cast(hash(i + 4) % 525600 as integer)) as begntime
    from range($n_settlements) as t(i)
) as s;

insert into fee_line (setl_id, feedetl_sn, mdtrt_id, psn_no, fixmedins_code, med_list_codg,
    fee_ocur_time, pric, cnt, det_item_fee_sumamt, bilg_dept_codg, bilg_dr_codg, prd_days,
    drug_trac_codg)
select
    s.setl_id, cast(r.j as varchar), s.mdtrt_id, s.psn_no, s.fixmedins_code,
    'I' || lpad(cast(case when hash(s.setl_id, r.j) % 50 = 0 then 2900 + hash(s.setl_id, r.j) % 100
        else hash(s.setl_id, r.j) % 2900 end as varchar), 5, '0'),
    s.begntime + to_minutes(cast(
        r.j * (5 + date_diff('minute', s.begntime, coalesce(s.endtime, s.begntime)) / 10) as integer)),
    100, 1, 100, 'A0' || (r.j % 5), s.dr_codg,
    case when r.j % 3 = 0 then 7 + r.j % 20 end,
    case when r.j = 1 and s.med_type = '41' then 'T' || (hash(s.setl_id) % 50000000) end
from settlement as s
cross join range($lines_per_settlement) as r(j);

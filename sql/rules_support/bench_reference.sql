-- Benchmark city (reference tables): institutions, staff, insured, catalog, caps, knowledge points.
-- Knowledge points target items I02900-I02999 (about 2% of lines). Deterministic from
-- $n_persons, used only by bench/bench_rules.py on an empty database.
insert into institution (fixmedins_code, fixmedins_name, inst_type, medins_lv, admdvs, agreement_status)
select 'H' || lpad(cast(i as varchar), 5, '0'), '机构' || i,
    case when i % 5 = 0 then 'P' else 'H' end, cast(i % 4 as varchar),
    '4401' || lpad(cast(i % 11 as varchar), 2, '0'), '1'
from range(400) as t(i);

insert into staff (psn_code, fixmedins_code, staff_type)
select 'D' || lpad(cast(i as varchar), 6, '0'), 'H' || lpad(cast(i % 400 as varchar), 5, '0'), '1'
from range(8000) as t(i);

insert into staff_status (psn_code, status, begin_date, end_date)
select 'D' || lpad(cast(i as varchar), 6, '0'), '2', date '2025-06-01', date '2025-08-31'
from range(0, 8000, 97) as t(i);

insert into insured (psn_no, gend, brdy, death_date, insutype, admdvs)
select 'P' || lpad(cast(i as varchar), 9, '0'), cast(1 + i % 2 as varchar),
    date '1940-01-01' + cast(hash(i) % 30000 as integer),
    case when i % 5003 = 0 then date '2025-07-01' end,
    case when i % 3 = 0 then '390' else '310' end, '4401' || lpad(cast(i % 11 as varchar), 2, '0')
from range($n_persons) as t(i);

insert into catalog_item (hilist_code, hilist_name, list_type, med_chrgitm_type, chrgitm_lv,
    drug_class, is_surgery, begndate)
select 'I' || lpad(cast(i as varchar), 5, '0'), '项目' || i,
    ['101', '102', '201', '201', '301'][1 + i % 5],
    ['09', '11', '03', '05', '08'][1 + i % 5], '1',
    case when i % 5 < 2 then 'DC' || (i % 40) end, i % 50 = 7, date '2000-01-01'
from range(3000) as t(i);

insert into price_cap (hilist_code, medins_lv, begndate, pric_uplmt_amt)
select 'I' || lpad(cast(i as varchar), 5, '0'), '*', date '2000-01-01', case when i % 300 = 0 then 95 else 150 end
from range(0, 3000, 3) as t(i);

insert into knowledge_point (kp_id, kp_type, hilist_code, related_codes, sex, min_age_days,
    max_age_days, med_types, min_medins_lv, insutypes, dise_prefixes, dept_codes, max_days,
    max_qty, max_count, period_days)
select
    'K' || i,
    ['SEX', 'AGE', 'MED_TYPE', 'INST_LEVEL', 'INSUTYPE', 'INDICATION', 'MAX_DAYS', 'MAX_QTY',
     'FREQ_DAY', 'FREQ_STAY', 'FREQ_PERIOD', 'CONTAINS', 'ITEM_CONSUMABLE', 'COMPOSITE', 'DEPT',
     'DX_SEX', 'DX_AGE'][1 + i % 17],
    case when i % 17 in (15, 16) then 'O' || (i % 10) else 'I' || lpad(cast(2900 + i % 100 as varchar), 5, '0') end,
    'I' || lpad(cast(2900 + (i + 1) % 100 as varchar), 5, '0') || ';I' || lpad(cast(2900 + (i + 2) % 100 as varchar), 5, '0'),
    '2', 0, 36500, '11;21;24;41', '1', '310;390', 'C34;C50;J18;I10;E11;K29', 'A00;A01;A02;A03', 30, 3, 2, 14
from range(400) as t(i);

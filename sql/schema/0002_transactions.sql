-- Canonical transaction data: settlements (2207), fee lines (2204), inventory movements (3501-3506),
-- fund disbursements and bank records.  Amounts are DECIMAL (exact to the fen), never DOUBLE.

create table settlement (
    setl_id varchar not null,
    mdtrt_id varchar not null,
    psn_no varchar not null,
    fixmedins_code varchar not null,
    insutype varchar not null,
    med_type varchar not null,
    begntime timestamp not null,
    endtime timestamp,
    adm_dept_codg varchar,
    dscg_dept_codg varchar,
    dr_codg varchar,
    main_diag_code varchar,
    other_diag_codes varchar,
    er_flag boolean not null default false,
    readm_plan_flag boolean not null default false,
    medfee_sumamt decimal(18, 2) not null,
    fulamt_ownpay_amt decimal(18, 2) not null default 0,
    inscp_scp_amt decimal(18, 2) not null default 0,
    hifp_pay decimal(18, 2) not null default 0,
    fund_pay_sumamt decimal(18, 2) not null,
    psn_part_amt decimal(18, 2) not null,
    acct_pay decimal(18, 2) not null default 0,
    psn_cash_pay decimal(18, 2) not null default 0,
    setl_time timestamp not null,
    upload_time timestamp not null,
    out_setl_flag boolean not null default false,
    refd_setl_flag boolean not null default false,
    _batch_id varchar,
    _source_file varchar,
    _source_row bigint,
    _rec_version bigint not null default 1
);
comment on table settlement is '结算信息(2207); 业务主键 setl_id, 由入库程序保证唯一';
comment on column settlement.setl_id is '结算ID | setl_id | 必填, 唯一';
comment on column settlement.mdtrt_id is '就诊ID | mdtrt_id | 必填';
comment on column settlement.psn_no is '人员编号 | psn_no | 须存在于 insured';
comment on column settlement.fixmedins_code is '定点医药机构编码 | fixmedins_code | 须存在于 institution';
comment on column settlement.insutype is '险种 | insutype | 代码 insutype';
comment on column settlement.med_type is '医疗类别 | med_type | 代码 med_type: 11普通门诊 13急诊 14门诊慢特病 21普通住院 41定点药店购药…';
comment on column settlement.begntime is '入院/就诊时间 | begntime/adm_date | 时间, 不晚于结算时间';
comment on column settlement.endtime is '出院时间 | endtime/dscg_date | 住院必填, 不早于入院时间';
comment on column settlement.adm_dept_codg is '入院科室 | adm_dept_codg | 可空';
comment on column settlement.dscg_dept_codg is '出院科室 | dscg_dept_codg | 可空';
comment on column settlement.dr_codg is '主诊医师编码 | dr_codg | 须存在于 staff, 药店可空';
comment on column settlement.main_diag_code is '主要诊断编码 | dscg_maindiag_code | ICD-10 医保版, 药店可空';
comment on column settlement.other_diag_codes is '其他诊断编码 | dise_codg | 分号分隔';
comment on column settlement.er_flag is '急诊标志 | er_flag | 布尔';
comment on column settlement.readm_plan_flag is '31天内再住院计划 | — | 布尔';
comment on column settlement.medfee_sumamt is '医疗费总额(元) | medfee_sumamt | ≥0, 等于明细合计';
comment on column settlement.fulamt_ownpay_amt is '全自费金额(元) | fulamt_ownpay_amt | ≥0';
comment on column settlement.inscp_scp_amt is '符合政策范围金额(元) | inscp_scp_amt | ≥0';
comment on column settlement.hifp_pay is '统筹基金支出(元) | hifp_pay | ≥0';
comment on column settlement.fund_pay_sumamt is '基金支付总额(元) | fund_pay_sumamt | ≥0, ≤医疗费总额';
comment on column settlement.psn_part_amt is '个人负担总额(元) | psn_part_amt | ≥0';
comment on column settlement.acct_pay is '个人账户支出(元) | acct_pay | ≥0';
comment on column settlement.psn_cash_pay is '个人现金支出(元) | psn_cash_pay | ≥0';
comment on column settlement.setl_time is '结算时间 | setl_time | 时间, 不晚于上传时间';
comment on column settlement.upload_time is '上传时间 | — | 时间';
comment on column settlement.out_setl_flag is '异地结算标志 | out_setl_flag | 布尔';
comment on column settlement.refd_setl_flag is '退费结算标志 | refd_setl_flag | 布尔';

create table fee_line (
    setl_id varchar not null,
    feedetl_sn varchar not null,
    mdtrt_id varchar not null,
    psn_no varchar not null,
    fixmedins_code varchar not null,
    med_list_codg varchar not null,
    medins_list_codg varchar,
    fee_ocur_time timestamp not null,
    pric decimal(18, 4) not null,
    cnt decimal(18, 4) not null,
    det_item_fee_sumamt decimal(18, 2) not null,
    bilg_dept_codg varchar,
    bilg_dr_codg varchar,
    orders_dr_code varchar,
    rxno varchar,
    prd_days integer,
    drug_trac_codg varchar,
    _batch_id varchar,
    _source_file varchar,
    _source_row bigint,
    _rec_version bigint not null default 1
);
comment on table fee_line is '费用明细(2204); 业务主键 (setl_id, feedetl_sn), 由入库程序保证唯一 (不建索引以支持亿级明细)';
comment on column fee_line.setl_id is '结算ID | setl_id | 须存在于 settlement';
comment on column fee_line.feedetl_sn is '费用明细流水号 | feedetl_sn | 结算内唯一';
comment on column fee_line.mdtrt_id is '就诊ID | mdtrt_id | 必填';
comment on column fee_line.psn_no is '人员编号 | psn_no | 必填';
comment on column fee_line.fixmedins_code is '定点医药机构编码 | fixmedins_code | 必填';
comment on column fee_line.med_list_codg is '医疗目录编码 | med_list_codg | 须存在于 catalog_item';
comment on column fee_line.medins_list_codg is '机构自编码 | medins_list_codg | 可空';
comment on column fee_line.fee_ocur_time is '费用发生时间 | fee_ocur_time | 时间';
comment on column fee_line.pric is '单价(元) | pric | ≥0';
comment on column fee_line.cnt is '数量 | cnt | 非零; 退费为负';
comment on column fee_line.det_item_fee_sumamt is '明细项目费用总额(元) | det_item_fee_sumamt | =单价×数量 (误差≤0.01)';
comment on column fee_line.bilg_dept_codg is '开单科室编码 | bilg_dept_codg | 可空';
comment on column fee_line.bilg_dr_codg is '开单医师编码 | bilg_dr_codg | 须存在于 staff, 可空';
comment on column fee_line.orders_dr_code is '医嘱/处方医师编码 | orders_dr_code | 可空';
comment on column fee_line.rxno is '处方号 | rxno | 可空';
comment on column fee_line.prd_days is '用药天数 | prd_days | ≥0, 可空';
comment on column fee_line.drug_trac_codg is '药品追溯码 | drug_trac_codg | 20位数字, 可空';

create table inventory_movement (
    mov_id varchar not null,
    fixmedins_code varchar not null,
    med_list_codg varchar not null,
    inv_chg_type varchar not null,
    fixmedins_bchno varchar,
    cnt decimal(18, 4) not null,
    pric decimal(18, 4),
    inv_chg_time timestamp not null,
    setl_id varchar,
    psn_no varchar,
    drug_trac_codg varchar,
    rx_flag boolean,
    _batch_id varchar,
    _source_file varchar,
    _source_row bigint,
    _rec_version bigint not null default 1
);
comment on table inventory_movement is '进销存(3501-3506); 业务主键 mov_id, 由入库程序保证唯一';
comment on column inventory_movement.mov_id is '流水号 | — | 唯一';
comment on column inventory_movement.fixmedins_code is '定点医药机构编码 | fixmedins_code | 须存在于 institution';
comment on column inventory_movement.med_list_codg is '医疗目录编码 | med_list_codg | 必填';
comment on column inventory_movement.inv_chg_type is '变动类型 | inv_chg_type | 代码 inv_chg_type: 3501盘存 3502库存变更 3503采购 3504采购退货 3505销售 3506销售退货';
comment on column inventory_movement.fixmedins_bchno is '批次号 | fixmedins_bchno | 可空';
comment on column inventory_movement.cnt is '数量 | cnt | >0 (方向由变动类型决定)';
comment on column inventory_movement.pric is '单价(元) | pric | ≥0, 可空';
comment on column inventory_movement.inv_chg_time is '变动时间 | inv_chg_time | 时间';
comment on column inventory_movement.setl_id is '结算ID | setl_id | 销售时填写';
comment on column inventory_movement.psn_no is '人员编号 | psn_no | 销售时填写';
comment on column inventory_movement.drug_trac_codg is '药品追溯码 | drug_trac_codg | 可空';
comment on column inventory_movement.rx_flag is '处方药标志 | rx_flag | 布尔';

create table fund_disbursement (
    disb_id varchar primary key,
    fixmedins_code varchar not null,
    period varchar not null,
    clr_type varchar,
    amount decimal(18, 2) not null,
    disb_date date not null,
    bank_txn_id varchar,
    _batch_id varchar,
    _source_file varchar,
    _source_row bigint,
    _rec_version bigint not null default 1
);
comment on table fund_disbursement is '基金拨付';
comment on column fund_disbursement.disb_id is '拨付单号 | — | 唯一';
comment on column fund_disbursement.fixmedins_code is '定点医药机构编码 | fixmedins_code | 须存在于 institution';
comment on column fund_disbursement.period is '结算期 | stmt_begndate | YYYY-MM';
comment on column fund_disbursement.clr_type is '清算类别 | clr_type | 可空';
comment on column fund_disbursement.amount is '拨付金额(元) | fund_pay_sumamt | ≥0';
comment on column fund_disbursement.disb_date is '拨付日期 | — | 日期';
comment on column fund_disbursement.bank_txn_id is '银行流水号 | — | 可空';

create table bank_record (
    bank_txn_id varchar primary key,
    account_type varchar not null,
    txn_date date not null,
    amount decimal(18, 2) not null,
    counterparty_code varchar,
    memo varchar,
    _batch_id varchar,
    _source_file varchar,
    _source_row bigint,
    _rec_version bigint not null default 1
);
comment on table bank_record is '银行流水(支出户)';
comment on column bank_record.bank_txn_id is '银行流水号 | — | 唯一';
comment on column bank_record.account_type is '账户类型 | — | 代码 account_type: 收入户/支出户/财政专户';
comment on column bank_record.txn_date is '交易日期 | — | 日期';
comment on column bank_record.amount is '金额(元) | — | 借方为负';
comment on column bank_record.counterparty_code is '对方机构编码 | fixmedins_code | 可空';
comment on column bank_record.memo is '摘要 | — | 可空';

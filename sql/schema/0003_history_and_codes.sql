-- Correction history: a corrected record (same business key, higher _rec_version) replaces the
-- current row; the old row moves here with when and by which batch it was superseded.
create table institution_history as select *, null::timestamp as _superseded_at, null::varchar as _superseded_by from institution where false;
create table staff_history as select *, null::timestamp as _superseded_at, null::varchar as _superseded_by from staff where false;
create table staff_status_history as select *, null::timestamp as _superseded_at, null::varchar as _superseded_by from staff_status where false;
create table insured_history as select *, null::timestamp as _superseded_at, null::varchar as _superseded_by from insured where false;
create table catalog_item_history as select *, null::timestamp as _superseded_at, null::varchar as _superseded_by from catalog_item where false;
create table price_cap_history as select *, null::timestamp as _superseded_at, null::varchar as _superseded_by from price_cap where false;
create table knowledge_point_history as select *, null::timestamp as _superseded_at, null::varchar as _superseded_by from knowledge_point where false;
create table settlement_history as select *, null::timestamp as _superseded_at, null::varchar as _superseded_by from settlement where false;
create table fee_line_history as select *, null::timestamp as _superseded_at, null::varchar as _superseded_by from fee_line where false;
create table inventory_movement_history as select *, null::timestamp as _superseded_at, null::varchar as _superseded_by from inventory_movement where false;
create table fund_disbursement_history as select *, null::timestamp as _superseded_at, null::varchar as _superseded_by from fund_disbursement where false;
create table bank_record_history as select *, null::timestamp as _superseded_at, null::varchar as _superseded_by from bank_record where false;

insert into code_list (code_type, code, label_zh) values
    ('gend', '1', '男'), ('gend', '2', '女'),
    ('insutype', '310', '职工基本医疗保险'), ('insutype', '390', '城乡居民基本医疗保险'),
    ('insutype', '510', '生育保险'),
    ('med_type', '11', '普通门诊'), ('med_type', '13', '急诊'), ('med_type', '14', '门诊慢特病'),
    ('med_type', '21', '普通住院'), ('med_type', '24', '急诊转住院'), ('med_type', '28', '日间手术'),
    ('med_type', '41', '定点药店购药'), ('med_type', '52', '生育住院'),
    ('inst_type', 'H', '医院'), ('inst_type', 'C', '基层医疗卫生机构'), ('inst_type', 'V', '村卫生室'),
    ('inst_type', 'P', '定点零售药店'),
    ('medins_lv', '3', '三级'), ('medins_lv', '2', '二级'), ('medins_lv', '1', '一级'), ('medins_lv', '0', '未定级'),
    ('agreement_status', '1', '有效'), ('agreement_status', '2', '暂停'), ('agreement_status', '3', '解除'),
    ('staff_type', '1', '医师'), ('staff_type', '2', '药师'), ('staff_type', '3', '护士'), ('staff_type', '4', '技师'),
    ('staff_status', '1', '正常'), ('staff_status', '2', '暂停'), ('staff_status', '3', '终止'),
    ('list_type', '101', '西药'), ('list_type', '102', '中成药'), ('list_type', '103', '中药饮片'),
    ('list_type', '201', '医疗服务项目'), ('list_type', '301', '医用耗材'),
    ('med_chrgitm_type', '01', '床位费'), ('med_chrgitm_type', '02', '诊察费'), ('med_chrgitm_type', '03', '检查费'),
    ('med_chrgitm_type', '04', '化验费'), ('med_chrgitm_type', '05', '治疗费'), ('med_chrgitm_type', '06', '手术费'),
    ('med_chrgitm_type', '07', '护理费'), ('med_chrgitm_type', '08', '卫生材料费'), ('med_chrgitm_type', '09', '西药费'),
    ('med_chrgitm_type', '10', '中药饮片费'), ('med_chrgitm_type', '11', '中成药费'), ('med_chrgitm_type', '12', '一般诊疗费'),
    ('med_chrgitm_type', '13', '挂号费'), ('med_chrgitm_type', '14', '其他费'),
    ('chrgitm_lv', '1', '甲类'), ('chrgitm_lv', '2', '乙类'), ('chrgitm_lv', '3', '丙类'),
    ('inv_chg_type', '3501', '商品盘存'), ('inv_chg_type', '3502', '库存变更'), ('inv_chg_type', '3503', '采购'),
    ('inv_chg_type', '3504', '采购退货'), ('inv_chg_type', '3505', '销售'), ('inv_chg_type', '3506', '销售退货'),
    ('account_type', 'income', '收入户'), ('account_type', 'expense', '支出户'), ('account_type', 'fiscal', '财政专户'),
    ('kp_type', 'SEX', '限性别'), ('kp_type', 'AGE', '限年龄'), ('kp_type', 'MED_TYPE', '限就医方式'),
    ('kp_type', 'INST_LEVEL', '限医疗机构级别'), ('kp_type', 'INSUTYPE', '限险种'), ('kp_type', 'INDICATION', '限适应症'),
    ('kp_type', 'MAX_DAYS', '限最大支付天数'), ('kp_type', 'MAX_QTY', '限最大数量'), ('kp_type', 'FREQ_DAY', '限单日频次'),
    ('kp_type', 'FREQ_STAY', '限每次住院频次'), ('kp_type', 'FREQ_PERIOD', '限周期频次'),
    ('kp_type', 'CONTAINS', '项目内涵包含(重复收费)'), ('kp_type', 'ITEM_CONSUMABLE', '项目与耗材重复收费'),
    ('kp_type', 'COMPOSITE', '组合项目(分解收费)'), ('kp_type', 'DEPT', '限科室'),
    ('kp_type', 'DX_SEX', '诊断限性别'), ('kp_type', 'DX_AGE', '诊断限年龄');

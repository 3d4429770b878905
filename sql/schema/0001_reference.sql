-- Canonical reference data: institutions, staff, insured persons, catalog and knowledge points.
-- Column comments are the single source of the data dictionary: '中文名 | 国家平台字段 | 约束'.
-- Every canonical table carries load metadata: _batch_id, _source_file, _source_row, _rec_version.

create table code_list (
    code_type varchar not null,
    code varchar not null,
    label_zh varchar not null,
    primary key (code_type, code)
);
comment on table code_list is '代码表: 各编码字段的代码与中文名称';

create table institution (
    fixmedins_code varchar primary key,
    fixmedins_name varchar not null,
    inst_type varchar not null,
    medins_lv varchar not null,
    admdvs varchar not null,
    district_name varchar,
    agreement_status varchar not null,
    agreement_begin date,
    agreement_end date,
    open_beds integer,
    _batch_id varchar,
    _source_file varchar,
    _source_row bigint,
    _rec_version bigint not null default 1
);
comment on table institution is '定点医药机构';
comment on column institution.fixmedins_code is '定点医药机构编码 | fixmedins_code | H/P+6位区划+5位顺序号';
comment on column institution.fixmedins_name is '机构名称 | fixmedins_name | 必填';
comment on column institution.inst_type is '机构类型 | medins_type | 代码 inst_type: H医院 C基层 V村卫生室 P药店';
comment on column institution.medins_lv is '机构级别 | medins_lv | 代码 medins_lv: 3三级 2二级 1一级 0未定级';
comment on column institution.admdvs is '所属区县区划 | admdvs | 6位行政区划代码';
comment on column institution.district_name is '区县名称 | — | 可选';
comment on column institution.agreement_status is '协议状态 | — | 代码 agreement_status: 1有效 2暂停 3解除';
comment on column institution.agreement_begin is '协议开始日期 | begndate | 日期';
comment on column institution.agreement_end is '协议结束日期 | enddate | 日期, 可空';
comment on column institution.open_beds is '开放床位数 | — | ≥0';

create table staff (
    psn_code varchar primary key,
    fixmedins_code varchar not null,
    dept_code varchar,
    dept_name varchar,
    staff_type varchar not null,
    prof_title varchar,
    staff_name varchar,
    _batch_id varchar,
    _source_file varchar,
    _source_row bigint,
    _rec_version bigint not null default 1
);
comment on table staff is '医保医师/药师/护士等相关人员';
comment on column staff.psn_code is '人员国家编码 | dr_codg | D/HY/HJ/N+6位区划+顺序号';
comment on column staff.fixmedins_code is '执业机构编码 | fixmedins_code | 须存在于 institution';
comment on column staff.dept_code is '科室编码 | dept_codg | 可空';
comment on column staff.dept_name is '科室名称 | dept_name | 可空';
comment on column staff.staff_type is '人员类别 | — | 代码 staff_type: 1医师 2药师 3护士 4技师';
comment on column staff.prof_title is '职称 | dr_profttl | 可空';
comment on column staff.staff_name is '姓名 | dr_name | 个人信息, 不得写入日志';

create table staff_status (
    psn_code varchar not null,
    status varchar not null,
    begin_date date not null,
    end_date date,
    reason varchar,
    _batch_id varchar,
    _source_file varchar,
    _source_row bigint,
    _rec_version bigint not null default 1,
    primary key (psn_code, begin_date)
);
comment on table staff_status is '医保支付资格状态历史';
comment on column staff_status.psn_code is '人员国家编码 | dr_codg | 须存在于 staff';
comment on column staff_status.status is '支付资格状态 | — | 代码 staff_status: 1正常 2暂停 3终止';
comment on column staff_status.begin_date is '开始日期 | begndate | 日期';
comment on column staff_status.end_date is '结束日期 | enddate | 日期, 空表示至今';
comment on column staff_status.reason is '原因 | memo | 可空';

create table insured (
    psn_no varchar primary key,
    certno_masked varchar,
    certno_hash varchar,
    psn_name varchar,
    gend varchar not null,
    brdy date not null,
    death_date date,
    insutype varchar not null,
    psn_type varchar,
    admdvs varchar not null,
    emp_no varchar,
    emp_name varchar,
    _batch_id varchar,
    _source_file varchar,
    _source_row bigint,
    _rec_version bigint not null default 1
);
comment on table insured is '参保人员';
comment on column insured.psn_no is '人员编号 | psn_no | 必填, 唯一';
comment on column insured.certno_masked is '证件号码(脱敏) | certno | 入库时校验18位校验码后脱敏, 不保存明文';
comment on column insured.certno_hash is '证件号码摘要 | — | 加盐 SHA-256, 用于比对';
comment on column insured.psn_name is '姓名 | psn_name | 个人信息, 不得写入日志';
comment on column insured.gend is '性别 | gend | 代码 gend: 1男 2女';
comment on column insured.brdy is '出生日期 | brdy | 日期, 不晚于今天';
comment on column insured.death_date is '死亡日期 | — | 公安/民政比对结果, 可空';
comment on column insured.insutype is '险种 | insutype | 代码 insutype: 310职工 390居民';
comment on column insured.psn_type is '人员类别 | psn_type | 可空 (在职/退休/学生…)';
comment on column insured.admdvs is '参保区县区划 | insuplc_admdvs | 6位行政区划代码';
comment on column insured.emp_no is '单位编号 | emp_no | 职工必填';
comment on column insured.emp_name is '单位名称 | emp_name | 可空';

create table catalog_item (
    hilist_code varchar not null,
    hilist_name varchar not null,
    list_type varchar not null,
    med_chrgitm_type varchar not null,
    chrgitm_lv varchar not null,
    drug_class varchar,
    dosform varchar,
    unit varchar,
    is_surgery boolean not null default false,
    begndate date not null,
    enddate date,
    remark varchar,
    _batch_id varchar,
    _source_file varchar,
    _source_row bigint,
    _rec_version bigint not null default 1,
    primary key (hilist_code, begndate)
);
comment on table catalog_item is '医保目录(药品/诊疗项目/医用耗材)';
comment on column catalog_item.hilist_code is '医保目录编码 | hilist_code | 药品X/Z开头, 耗材C开头20位, 项目15位数字';
comment on column catalog_item.hilist_name is '目录名称 | hilist_name | 必填';
comment on column catalog_item.list_type is '目录类别 | list_type | 代码 list_type: 101西药 102中成药 103中药饮片 201诊疗项目 301医用耗材';
comment on column catalog_item.med_chrgitm_type is '收费项目类别 | med_chrgitm_type | 代码 med_chrgitm_type (01床位…14其他)';
comment on column catalog_item.chrgitm_lv is '收费项目等级 | chrgitm_lv | 代码 chrgitm_lv: 1甲 2乙 3丙';
comment on column catalog_item.drug_class is '药理分类组 | — | 同组药品视为同类, 用于重复开药';
comment on column catalog_item.dosform is '剂型 | dosform | 可空';
comment on column catalog_item.unit is '计价单位 | prcunt | 可空';
comment on column catalog_item.is_surgery is '是否手术项目 | — | 用于手术折价规则';
comment on column catalog_item.begndate is '生效日期 | begndate | 日期';
comment on column catalog_item.enddate is '失效日期 | enddate | 日期, 空表示长期有效';
comment on column catalog_item.remark is '目录备注(限定支付范围原文) | hilist_memo | 可空';

create table price_cap (
    hilist_code varchar not null,
    medins_lv varchar not null,
    begndate date not null,
    enddate date,
    pric_uplmt_amt decimal(18, 4) not null,
    _batch_id varchar,
    _source_file varchar,
    _source_row bigint,
    _rec_version bigint not null default 1,
    primary key (hilist_code, medins_lv, begndate)
);
comment on table price_cap is '医保支付限价(1318)';
comment on column price_cap.hilist_code is '医保目录编码 | hilist_code | 须存在于 catalog_item';
comment on column price_cap.medins_lv is '适用机构级别 | hilist_lmtpric_type | 代码 medins_lv, * 表示全部级别';
comment on column price_cap.begndate is '开始日期 | begndate | 日期';
comment on column price_cap.enddate is '结束日期 | enddate | 日期, 可空';
comment on column price_cap.pric_uplmt_amt is '限价金额(元) | hilist_pric_uplmt_amt | >0';

create table knowledge_point (
    kp_id varchar primary key,
    kp_type varchar not null,
    hilist_code varchar not null,
    related_codes varchar,
    sex varchar,
    min_age_days integer,
    max_age_days integer,
    med_types varchar,
    min_medins_lv varchar,
    insutypes varchar,
    dise_prefixes varchar,
    dept_codes varchar,
    max_days integer,
    max_qty decimal(18, 4),
    max_count integer,
    period_days integer,
    begndate date,
    enddate date,
    remark varchar,
    _batch_id varchar,
    _source_file varchar,
    _source_row bigint,
    _rec_version bigint not null default 1
);
comment on table knowledge_point is '智能监管知识点(限定支付范围等, 来自知识点明细表)';
comment on column knowledge_point.kp_id is '知识点编号 | — | 唯一';
comment on column knowledge_point.kp_type is '知识点类型 | — | 代码 kp_type (SEX/AGE/MED_TYPE/…)';
comment on column knowledge_point.hilist_code is '医保编码 | hilist_code | 目录编码或诊断编码前缀 (DX_* 类型)';
comment on column knowledge_point.related_codes is '关联编码 | — | 分号分隔: 被包含项目/组成项目';
comment on column knowledge_point.sex is '限定性别 | gend | 代码 gend';
comment on column knowledge_point.min_age_days is '最小年龄(天) | — | ≥0';
comment on column knowledge_point.max_age_days is '最大年龄(天) | — | ≥0';
comment on column knowledge_point.med_types is '限定就医方式 | med_type | 分号分隔的 med_type 代码';
comment on column knowledge_point.min_medins_lv is '最低机构级别 | medins_lv | 代码 medins_lv';
comment on column knowledge_point.insutypes is '限定险种 | insutype | 分号分隔';
comment on column knowledge_point.dise_prefixes is '限定疾病编码前缀 | dise_codg | 分号分隔 ICD-10 前缀';
comment on column knowledge_point.dept_codes is '限定科室 | dept_codg | 分号分隔';
comment on column knowledge_point.max_days is '最大支付天数 | prd_days | ≥1';
comment on column knowledge_point.max_qty is '最大数量 | cnt | >0';
comment on column knowledge_point.max_count is '最大次数 | — | ≥1';
comment on column knowledge_point.period_days is '周期天数 | — | ≥1';
comment on column knowledge_point.begndate is '生效日期 | begndate | 可空';
comment on column knowledge_point.enddate is '失效日期 | enddate | 可空';
comment on column knowledge_point.remark is '备注(原文) | memo | 可空';

"""Reference lists in the layouts real systems export: XLSX with Chinese headers, the 人社 GBK CSV.

Each header map here has a matching source profile config/profiles/city_<what>.yaml (source -> canonical).
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from fundguard.synth.world import World
from fundguard.synth.writers import fen_text, write_csv, write_xlsx

INSTITUTION_HEADERS = {
    "fixmedins_code": "定点医药机构编码", "fixmedins_name": "定点医药机构名称", "inst_type": "机构类型",
    "medins_lv": "医疗机构等级", "admdvs": "所属行政区划", "district_name": "区县名称",
    "agreement_status": "协议状态", "agreement_begin": "协议开始日期", "agreement_end": "协议结束日期",
    "open_beds": "开放床位数"}
INST_TYPE_ZH = {"H": "医院", "C": "基层医疗卫生机构", "V": "村卫生室", "P": "定点零售药店"}
LEVEL_ZH = {"3": "三级", "2": "二级", "1": "一级", "0": "未定级"}
STAFF_HEADERS = {"psn_code": "医保医师(药师)代码", "fixmedins_code": "执业机构编码", "dept_code": "科室编码",
                 "dept_name": "科室名称", "staff_type": "人员类别", "prof_title": "职称", "staff_name": "姓名"}
STAFF_TYPE_ZH = {"1": "医师", "2": "药师", "3": "护士", "4": "技师"}
CATALOG_HEADERS = {
    "hilist_code": "医保目录编码", "hilist_name": "医保目录名称", "list_type": "目录类别",
    "med_chrgitm_type": "收费项目类别", "chrgitm_lv": "收费项目等级", "drug_class": "药理分类组",
    "dosform": "剂型", "unit": "计价单位", "is_surgery": "是否手术项目", "begndate": "生效日期",
    "enddate": "失效日期", "remark": "限定支付范围"}
CHRGITM_LV_ZH = {"1": "甲类", "2": "乙类", "3": "丙类"}
KP_HEADERS = {
    "kp_id": "知识点编号", "kp_type": "知识点类型", "hilist_code": "医保编码", "related_codes": "关联编码",
    "sex": "限定性别", "min_age_days": "最小年龄(天)", "max_age_days": "最大年龄(天)",
    "med_types": "限定就医方式", "min_medins_lv": "最低机构级别", "insutypes": "限定险种",
    "dise_prefixes": "限定疾病编码", "dept_codes": "限定科室", "max_days": "最大支付天数",
    "max_qty": "最大数量", "max_count": "最大次数", "period_days": "周期天数", "begndate": "生效日期",
    "enddate": "失效日期", "remark": "知识点内容"}
SEX_ZH = {"1": "男", "2": "女"}
INSURED_HEADERS = {
    "psn_no": "个人编号", "certno": "公民身份号码", "psn_name": "姓名", "gend": "性别", "brdy": "出生日期",
    "death_date": "死亡日期", "insutype": "险种类型", "psn_type": "人员类别", "admdvs": "参保地区划",
    "emp_no": "单位编号", "emp_name": "单位名称"}
INSUTYPE_ZH = {"310": "职工基本医疗保险", "390": "城乡居民基本医疗保险", "510": "生育保险"}
STATUS_HEADERS = {"psn_code": "人员代码", "status": "支付资格状态", "begin_date": "开始日期",
                  "end_date": "结束日期", "reason": "原因"}
STATUS_ZH = {"1": "正常", "2": "暂停", "3": "终止"}
CAP_HEADERS = {"hilist_code": "医保目录编码", "medins_lv": "限价类型", "begndate": "开始日期",
               "enddate": "结束日期", "pric_uplmt_amt": "最高支付限价(元)"}


def _zh(frame: pl.DataFrame, headers: dict[str, str], codes: dict[str, dict[str, str]]) -> pl.DataFrame:
    coded = frame.with_columns(pl.col(c).replace_strict(m, default=pl.col(c)) for c, m in codes.items())
    return coded.select(list(headers)).rename(headers)


def insured_export(world: World) -> pl.DataFrame:
    """The 人社 export frame (Chinese headers and labels) before it is written."""
    return _zh(world.insured, INSURED_HEADERS, {"gend": SEX_ZH, "insutype": INSUTYPE_ZH})


def staff_status_frame(world: World) -> pl.DataFrame:
    """Normal status since 2020 for everyone; suspension windows for the suspended doctors."""
    start = world.params.start
    normal = world.staff.select("psn_code", status=pl.lit("1"), begin_date=pl.lit(start.replace(year=2020)),
                                end_date=pl.lit(None, dtype=pl.Date), reason=pl.lit(None, dtype=pl.String))
    susp = world.staff.with_columns(begin=pl.Series(world.suspended[:, 0]), end=pl.Series(world.suspended[:, 1]))
    susp = susp.filter(pl.col("begin") >= 0).select(
        "psn_code", status=pl.lit("2"), begin_date=pl.lit(start) + pl.duration(days=pl.col("begin")),
        end_date=pl.lit(start) + pl.duration(days=pl.col("end")), reason=pl.lit("医保支付资格记分达到9分"))
    susp = susp.with_columns(pl.col("begin_date").cast(pl.Date), pl.col("end_date").cast(pl.Date))
    # The normal row ends the day before a suspension begins.
    ends = susp.select("psn_code", normal_end=pl.col("begin_date") - pl.duration(days=1))
    normal = normal.join(ends, on="psn_code", how="left").with_columns(
        end_date=pl.col("normal_end").cast(pl.Date)).drop("normal_end")
    return pl.concat([normal, susp]).sort("psn_code", "begin_date")


def write_reference(world: World, out: Path) -> None:
    """Write the reference lists except insured.csv (written with its dirty rows by the generator)."""
    ref = out / "reference"
    inst = _zh(world.institutions, INSTITUTION_HEADERS, {"inst_type": INST_TYPE_ZH, "medins_lv": LEVEL_ZH})
    write_xlsx(inst, ref / "institution.xlsx", "定点医药机构", "鸡西市定点医药机构名单")
    write_xlsx(_zh(world.staff, STAFF_HEADERS, {"staff_type": STAFF_TYPE_ZH}), ref / "staff.xlsx", "医保医师")
    catalog = world.catalog.with_columns(pl.when(pl.col("is_surgery")).then(pl.lit("是")).otherwise(pl.lit("否"))
                                         .alias("is_surgery"))
    write_xlsx(_zh(catalog, CATALOG_HEADERS, {"chrgitm_lv": CHRGITM_LV_ZH}), ref / "catalog_item.xlsx", "医保目录")
    write_xlsx(_zh(world.knowledge_points, KP_HEADERS, {"sex": SEX_ZH}), ref / "knowledge_point.xlsx",
               "知识点明细", "智能监管知识点明细表")
    write_csv(_zh(staff_status_frame(world), STATUS_HEADERS, {"status": STATUS_ZH}), ref / "staff_status.csv")
    caps = world.price_caps.with_columns(pric_uplmt_amt=fen_text("cap_fen"))
    write_csv(caps.select(list(CAP_HEADERS)).rename(CAP_HEADERS), ref / "price_cap.csv")

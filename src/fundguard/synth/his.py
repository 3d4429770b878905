"""Hospitals whose HIS exports GBK CSV with vendor headers (his_export/<fixmedins_code>/<date>_*.csv).

The header maps are mirrored by config/profiles/city_his_settlement.yaml and city_his_fee_line.yaml.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from fundguard.synth.writers import fen_text, write_csv

if TYPE_CHECKING:
    from fundguard.synth.dirty import DirtyLog

HIS_SETTLEMENT = {
    "setl_id": "结算号", "mdtrt_id": "就诊号", "psn_no": "个人编号", "fixmedins_code": "医院编码",
    "insutype": "险种", "med_type": "医疗类别", "begntime": "入院时间", "endtime": "出院时间",
    "adm_dept_codg": "入院科室", "dscg_dept_codg": "出院科室", "dr_codg": "主治医生编码",
    "main_diag_code": "主诊断编码", "other_diag_codes": "其他诊断编码", "er_flag": "急诊标志",
    "readm_plan_flag": "再入院计划", "medfee_fen": "总费用", "fulamt_ownpay_fen": "全自费金额",
    "inscp_scp_fen": "政策范围内金额", "hifp_fen": "统筹支付", "fund_fen": "基金支付合计",
    "part_fen": "个人负担", "acct_fen": "账户支付", "cash_fen": "现金支付", "setl_time": "结算时间",
    "upload_time": "上传时间", "out_setl_flag": "异地标志", "refd_setl_flag": "退费标志"}
HIS_FEE_LINE = {
    "setl_id": "结算号", "feedetl_sn": "明细序号", "mdtrt_id": "就诊号", "psn_no": "个人编号",
    "fixmedins_code": "医院编码", "med_list_codg": "医保编码", "medins_list_codg": "院内编码",
    "fee_ocur_time": "发生时间", "pric_text": "单价", "cnt_text": "数量", "det_fen": "金额",
    "bilg_dept_codg": "开单科室", "bilg_dr_codg": "开单医生", "orders_dr_code": "医嘱医生",
    "rxno": "处方号", "prd_days": "用药天数", "drug_trac_codg": "追溯码"}
HIS_DATETIME = "%Y/%m/%d %H:%M:%S"
HIS_DAY_COLUMNS = (HIS_SETTLEMENT, HIS_FEE_LINE)
_MONEY_SETTLEMENT = [c for c in HIS_SETTLEMENT if c.endswith("_fen")]


def _texts(frame: pl.DataFrame) -> pl.DataFrame:
    """Vendor formatting: yuan text, 是/否 flags, slash datetimes."""
    flags = [c for c, t in frame.schema.items() if t == pl.Boolean]
    times = [c for c, t in frame.schema.items() if isinstance(t, pl.Datetime)]
    return frame.with_columns(
        *[pl.when(pl.col(c)).then(pl.lit("是")).otherwise(pl.lit("否")).alias(c) for c in flags],
        *[pl.col(c).dt.strftime(HIS_DATETIME).alias(c) for c in times],
    )


def his_settlements(setl: pl.DataFrame) -> pl.DataFrame:
    money = setl.with_columns(fen_text(c).alias(c) for c in _MONEY_SETTLEMENT)
    return _texts(money).select(list(HIS_SETTLEMENT)).rename(HIS_SETTLEMENT)


def his_lines(lines: pl.DataFrame) -> pl.DataFrame:
    """Vendor line frame (strings) in file order; dirty rows are applied to it by position."""
    money = lines.with_columns(
        pric_text=fen_text("pric_fen"), cnt_text=pl.col("cnt").cast(pl.String), det_fen=fen_text("det_fen"))
    return _texts(money).select(list(HIS_FEE_LINE)).rename(HIS_FEE_LINE).with_columns(pl.all().cast(pl.String))


def write_his_day(out: Path, day: dt.date, setl: pl.DataFrame, lines: pl.DataFrame, dirty: DirtyLog,
                  write: Callable[[pl.DataFrame, Path], None] = write_csv) -> None:
    """The day's vendor CSV per HIS hospital (dirty rows chosen here, in order); ``write`` writes a
    frame to a path (the generator passes its background writer)."""
    from fundguard.synth.dirty import dirty_his_lines

    for code in sorted(setl["fixmedins_code"].unique().to_list()):
        folder = out / "his_export" / code
        write(his_settlements(setl.filter(pl.col("fixmedins_code") == code)),
              folder / f"{day.isoformat()}_settlement.csv")
        rel = f"his_export/{code}/{day.isoformat()}_fee_line.csv"
        own = lines.filter(pl.col("fixmedins_code") == code)
        vendor = dirty_his_lines(his_lines(own), rel, own, dirty)
        write(vendor, out / rel)

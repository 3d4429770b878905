"""Data contracts per canonical table: the checks the quality gate runs, each blocking or warning.

Generic checks come from the DDL (NOT NULL -> required, column types -> parse checks, '代码 <type>' in a
column comment -> code-list membership); table-specific checks are listed below.  The gate checks data
*validity* only: business violations the rule library must find (price above cap, fee time outside the
stay, settlement after death, suspended staff, missing main diagnosis, late upload, duplicate trace
codes, over-quantity ...) must load, so they are absent here or warnings at most.
Derived columns (``_ref_*``, ``_chk_*``, ``_*_diff``) are computed before validation by
``sql/ingest/derived_<table>.sql`` or by the loader (``_certno_ok``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal

from fundguard.ingest.tables import Column

Severity = Literal["blocking", "warning"]
Kind = Literal["not_null", "in_set", "regex", "between", "a_ge_b", "is_true", "is_false"]


@dataclass(frozen=True)
class Check:
    name: str
    kind: Kind
    column: str
    """Column the expectation runs on (may be a derived column)."""
    field: str
    """Canonical field reported in quarantine."""
    severity: Severity
    reason_zh: str
    params: dict[str, object] = field(default_factory=dict)


# Code checks that only warn: local systems extend these lists.
WARNING_CODE_TYPES = frozenset({"kp_type", "account_type"})
EXTRA_CODES: dict[tuple[str, str], tuple[str, ...]] = {("price_cap", "medins_lv"): ("*",)}
_CODE_IN_COMMENT = re.compile(r"代码 ([a-z_]+)")

_TYPE_ZH = {"DATE": "日期", "TIMESTAMP": "时间", "BOOLEAN": "布尔值", "INTEGER": "整数", "BIGINT": "整数"}


def _type_zh(dtype: str) -> str:
    if dtype.upper().startswith("DECIMAL"):
        scale = dtype.rstrip(")").split(",")[-1].strip()
        return f"数值 (最多 {scale} 位小数)"
    return _TYPE_ZH.get(dtype.upper(), "文本")


def generic_checks(table: str, cols: tuple[Column, ...], codes: dict[str, list[str]]) -> list[Check]:
    """Required, type and code-list checks derived from the DDL of ``table``."""
    out: list[Check] = []
    for c in cols:
        if not c.nullable and not c.has_default and c.name not in ("certno_masked", "certno_hash"):
            out.append(Check(f"{table}.{c.name}.required", "not_null", c.name, c.name, "blocking",
                             f"必填字段 {c.name} 为空或无法解析"))
        if c.dtype.upper() != "VARCHAR":
            out.append(Check(f"{table}.{c.name}.type", "is_false", f"_badtype__{c.name}", c.name, "blocking",
                             f"字段 {c.name} 的值无法解析为{_type_zh(c.dtype)}"))
        m = _CODE_IN_COMMENT.search(c.comment or "")
        if m and m.group(1) in codes:
            allowed = [*codes[m.group(1)], *EXTRA_CODES.get((table, c.name), ())]
            sev: Severity = "warning" if m.group(1) in WARNING_CODE_TYPES else "blocking"
            out.append(Check(f"{table}.{c.name}.code", "in_set", c.name, c.name, sev,
                             f"字段 {c.name} 的代码值不在代码表 {m.group(1)} 中", {"value_set": allowed}))
    out.append(Check(f"{table}._rec_version.type", "is_false", "_badtype___rec_version", "_rec_version",
                     "blocking", "记录版本号不是非负整数"))
    return out


def _pattern(table: str, col: str, regex: str, what: str) -> Check:
    # Code formats vary by province: a mismatch warns, it never rejects (domain.md 7.7).
    return Check(f"{table}.{col}.format", "regex", col, col, "warning", f"{col} 不符合{what}编码格式",
                 {"regex": regex})


@dataclass(frozen=True)
class Reference:
    column: str
    parent: str
    parent_key: str
    severity: Severity


# Reference checks: staged value must exist in the parent (stored or staged and not blocked).
# Staff and catalog references only warn: billing by unregistered staff or with an unknown item is
# something the rules look at, not a reason to drop the line.
REFERENCES: dict[str, tuple[Reference, ...]] = {
    "staff": (Reference("fixmedins_code", "institution", "fixmedins_code", "blocking"),),
    "staff_status": (Reference("psn_code", "staff", "psn_code", "blocking"),),
    "price_cap": (Reference("hilist_code", "catalog_item", "hilist_code", "warning"),),
    "settlement": (
        Reference("fixmedins_code", "institution", "fixmedins_code", "blocking"),
        Reference("psn_no", "insured", "psn_no", "blocking"),
        Reference("dr_codg", "staff", "psn_code", "warning"),
    ),
    "fee_line": (
        Reference("setl_id", "settlement", "setl_id", "blocking"),
        Reference("fixmedins_code", "institution", "fixmedins_code", "blocking"),
        Reference("med_list_codg", "catalog_item", "hilist_code", "warning"),
        Reference("bilg_dr_codg", "staff", "psn_code", "warning"),
    ),
    "inventory_movement": (Reference("fixmedins_code", "institution", "fixmedins_code", "blocking"),),
    "fund_disbursement": (Reference("fixmedins_code", "institution", "fixmedins_code", "blocking"),),
}


def reference_checks(table: str) -> list[Check]:
    return [Check(f"{table}.{r.column}.reference", "is_true", f"_ref_{r.column}", r.column, r.severity,
                  f"{r.column} 在 {r.parent} 中不存在 (引用无法解析)") for r in REFERENCES.get(table, ())]


def _not_future(table: str, col: str, now: datetime) -> Check:
    return Check(f"{table}.{col}.not_future", "between", col, col, "blocking",
                 f"{col} 晚于当前时间 (未来日期)", {"max_value": now + timedelta(days=1)})


def _nonneg(table: str, col: str) -> Check:
    return Check(f"{table}.{col}.non_negative", "between", col, col, "blocking", f"{col} 不应为负数",
                 {"min_value": 0})


INST = r"^[A-Z]\d{11}$"
STAFF = r"^(?:D|HY|HJ|N)\d{6}\d{3,8}$"
ITEM = r"^(?:[XZ][A-Z0-9]{15,26}|C[0-9A-Z]{19}(?:\d{7})?|\d{15})$"


def table_checks(table: str, now: datetime) -> list[Check]:
    """Checks specific to ``table`` (on top of ``generic_checks``)."""
    return _TABLE_CHECKS.get(table, lambda _now: [])(now)


def _institution(now: datetime) -> list[Check]:
    return [_pattern("institution", "fixmedins_code", INST, "定点医药机构"),
            _nonneg("institution", "open_beds"),
            Check("institution.agreement_dates", "a_ge_b", "agreement_end", "agreement_end", "blocking",
                  "协议结束日期早于开始日期", {"column_b": "agreement_begin"})]


def _garbled_name(table: str, col: str) -> Check:
    return Check(f"{table}.{col}.garbled", "is_true", "_chk_name_ok", col, "warning",
                 "姓名含乱码或丢失的字符 (疑似编码转换错误)")


def _staff(now: datetime) -> list[Check]:
    return [_pattern("staff", "psn_code", STAFF, "医保医师/药师"), _garbled_name("staff", "staff_name")]


def _staff_status(now: datetime) -> list[Check]:
    return [Check("staff_status.dates", "a_ge_b", "end_date", "end_date", "blocking",
                  "结束日期早于开始日期", {"column_b": "begin_date"})]


def _insured(now: datetime) -> list[Check]:
    return [_garbled_name("insured", "psn_name"),
            Check("insured.certno.checksum", "is_true", "_certno_ok", "certno", "blocking",
                  "证件号码不是有效的18位居民身份证号 (校验码错误)"),
            Check("insured.certno.present", "not_null", "certno_masked", "certno", "warning",
                  "缺少证件号码"),
            _not_future("insured", "brdy", now),
            Check("insured.death_date.after_birth", "a_ge_b", "death_date", "death_date", "blocking",
                  "死亡日期早于出生日期", {"column_b": "brdy"})]


def _catalog_item(now: datetime) -> list[Check]:
    return [_pattern("catalog_item", "hilist_code", ITEM, "医保目录"),
            Check("catalog_item.dates", "a_ge_b", "enddate", "enddate", "blocking",
                  "失效日期早于生效日期", {"column_b": "begndate"})]


def _price_cap(now: datetime) -> list[Check]:
    return [Check("price_cap.amount.positive", "between", "pric_uplmt_amt", "pric_uplmt_amt", "blocking",
                  "限价金额应大于0", {"min_value": 0, "strict_min": True})]


def _settlement(now: datetime) -> list[Check]:
    t = "settlement"
    return [
        _pattern(t, "fixmedins_code", INST, "定点医药机构"),
        _not_future(t, "setl_time", now),
        _not_future(t, "begntime", now),
        Check(f"{t}.stay_order", "a_ge_b", "endtime", "endtime", "blocking", "出院时间早于入院时间",
              {"column_b": "begntime"}),
        Check(f"{t}.amounts.non_negative", "is_true", "_chk_amounts_nonneg", "medfee_sumamt", "blocking",
              "金额为负数 (非退费结算的金额不应为负)"),
        Check(f"{t}.fund_within_total", "a_ge_b", "medfee_sumamt", "fund_pay_sumamt", "warning",
              "基金支付总额大于医疗费总额", {"column_b": "fund_pay_sumamt"}),
        Check(f"{t}.upload_after_settle", "a_ge_b", "upload_time", "upload_time", "warning",
              "上传时间早于结算时间", {"column_b": "setl_time"}),
        Check(f"{t}.header_equals_lines", "between", "_lines_diff", "medfee_sumamt", "warning",
              "医疗费总额与费用明细合计不符 (差额超过0.01元)", {"min_value": -0.01, "max_value": 0.01}),
        Check(f"{t}.inpatient_endtime", "is_true", "_chk_inpatient_endtime", "endtime", "warning",
              "住院结算缺少出院时间"),
        Check(f"{t}.main_diag_present", "is_true", "_chk_main_diag", "main_diag_code", "warning",
              "门诊/住院结算缺少主要诊断"),
    ]


def _fee_line(now: datetime) -> list[Check]:
    t = "fee_line"
    return [
        _pattern(t, "med_list_codg", ITEM, "医保目录"),
        _nonneg(t, "pric"),
        _not_future(t, "fee_ocur_time", now),
        Check(f"{t}.amount_equals_price_x_qty", "between", "_amt_diff", "det_item_fee_sumamt", "blocking",
              "明细金额不等于单价×数量 (差额超过0.01元)", {"min_value": -0.01, "max_value": 0.01}),
        Check(f"{t}.cnt.non_zero", "is_true", "_chk_cnt_nonzero", "cnt", "warning", "数量为0"),
        _nonneg(t, "prd_days"),
    ]


def _inventory(now: datetime) -> list[Check]:
    t = "inventory_movement"
    return [_nonneg(t, "pric"),
            _not_future(t, "inv_chg_time", now),
            Check(f"{t}.cnt.positive", "between", "cnt", "cnt", "blocking", "数量应大于0",
                  {"min_value": 0, "strict_min": True})]


def _fund(now: datetime) -> list[Check]:
    t = "fund_disbursement"
    return [_nonneg(t, "amount"),
            Check(f"{t}.period.format", "regex", "period", "period", "blocking", "结算期应为 YYYY-MM",
                  {"regex": r"^\d{4}-(?:0[1-9]|1[0-2])$"})]


_TABLE_CHECKS = {
    "institution": _institution, "staff": _staff, "staff_status": _staff_status, "insured": _insured,
    "catalog_item": _catalog_item, "price_cap": _price_cap, "settlement": _settlement,
    "fee_line": _fee_line, "inventory_movement": _inventory, "fund_disbursement": _fund,
}


def contract(table: str, cols: tuple[Column, ...], codes: dict[str, list[str]], now: datetime) -> list[Check]:
    """All checks of ``table``; names are unique."""
    checks = [*generic_checks(table, cols, codes), *reference_checks(table), *table_checks(table, now)]
    names = [c.name for c in checks]
    assert len(names) == len(set(names)), names
    return checks

"""Reconciling one settle period: units (institution × period × clearing type) with their status,
every disbursement of the period, summary counts per status, and the XLSX workbook.

Read-only: the same data and settings always give the same result (the default reconciliation date
is the latest business date in the data, not today).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from fundguard.db.sqlrun import query_dicts
from fundguard.errors import ConfigError
from fundguard.reconcile.config import ReconcileConfig
from fundguard.reports.xlsx import Sheet, write_workbook

STATUSES = ("一致", "待拨付", "拨付少于结算", "拨付多于结算", "重复拨付", "无银行流水", "银行流水金额不符",
            "银行流水对方单位不符", "银行流水无对应拨付", "向暂停或解除协议机构拨付")
"""Every status a unit can have (summary order); a unit's status is its first issue by priority."""

UNIT_COLUMNS = [
    ("fixmedins_code", "机构编码"), ("fixmedins_name", "机构名称"), ("agreement_status_zh", "协议状态"),
    ("period", "结算期"), ("clr_type", "清算类别"), ("n_setl", "结算笔数"), ("settled_amt", "结算基金支付额"),
    ("n_disb", "拨付笔数"), ("disbursed_amt", "拨付金额"), ("repeated_amt", "重复拨付金额"),
    ("bank_amt", "银行流水金额"), ("diff_amt", "差额(拨付-结算)"), ("tolerance", "容差"),
    ("status", "对账状态"), ("issues", "全部问题"), ("disb_ids", "拨付单号"), ("bank_txn_id", "无对应拨付的流水号"),
]
DISBURSEMENT_COLUMNS = [
    ("disb_id", "拨付单号"), ("fixmedins_code", "机构编码"), ("period", "结算期"), ("clr_type", "清算类别"),
    ("amount", "拨付金额"), ("disb_date", "拨付日期"), ("bank_txn_id", "银行流水号"), ("bank_date", "交易日期"),
    ("bank_amt", "银行流水金额"), ("bank_counterparty", "对方单位编码"), ("first_disb_id", "首次拨付单号"),
    ("status", "对账状态"), ("issues", "全部问题"),
]
SUMMARY_COLUMNS = [("status", "对账状态"), ("n_units", "对账单元数(主状态)"), ("n_with_issue", "涉及该问题的单元数")]
SETTINGS_COLUMNS = [("item", "项目"), ("value", "取值")]
_PERIOD = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class Reconciliation:
    period: str
    as_of: date
    units: list[dict[str, Any]]
    disbursements: list[dict[str, Any]]

    def summary(self) -> list[dict[str, Any]]:
        """Per status: units whose status it is, and units having it among their issues."""
        primary = Counter(u["status"] for u in self.units)
        anywhere = Counter(i for u in self.units for i in (u["issues"].split("、") if u["issues"] else ["一致"]))
        return [{"status": s, "n_units": primary[s], "n_with_issue": anywhere[s]} for s in STATUSES]


def check_period(period: str) -> str:
    """``period`` if it is YYYY-MM, else a Chinese error."""
    if not _PERIOD.match(period):
        raise ConfigError(f"结算期格式应为 YYYY-MM (如 2026-02): {period}", hint="请按 年-月 填写结算期。")
    return period


def data_as_of(con: duckdb.DuckDBPyConnection, sql_dir: Path) -> date | None:
    """The latest business date in settlements, disbursements and bank records (None when empty)."""
    [row] = query_dicts(con, sql_dir, "reconcile/as_of")
    return row["as_of"]


def reconcile_period(con: duckdb.DuckDBPyConnection, sql_dir: Path, cfg: ReconcileConfig, period: str,
                     as_of: date | None = None) -> Reconciliation:
    """The reconciliation of settle period ``period`` as of ``as_of`` (default: the data's last date,
    or the period's first day on an empty database)."""
    check_period(period)
    when = as_of or data_as_of(con, sql_dir) or date.fromisoformat(f"{period}-01")
    params = {**cfg.sql_params(), "period": period, "as_of": when}
    return Reconciliation(period, when, query_dicts(con, sql_dir, "reconcile/units", params),
                          query_dicts(con, sql_dir, "reconcile/disbursements", params))


def _settings_rows(result: Reconciliation, cfg: ReconcileConfig) -> list[dict[str, Any]]:
    mapping = "; ".join(f"{k}: {','.join(v)}" for k, v in cfg.clearing.by_med_type.items()) or "无"
    return [{"item": "结算期", "value": result.period}, {"item": "对账日期", "value": result.as_of},
            {"item": "绝对容差(元)", "value": cfg.tolerance.absolute},
            {"item": "相对容差(占结算基金支付额)", "value": cfg.tolerance.relative},
            {"item": "银行流水容差(元)", "value": cfg.bank_tolerance},
            {"item": "拨付时限(结算期后月数)", "value": cfg.lag_months},
            {"item": "默认清算类别", "value": cfg.clearing.default_clr_type},
            {"item": "清算类别与医疗类别对应", "value": mapping}]


def export_reconciliation(result: Reconciliation, cfg: ReconcileConfig, out: Path) -> dict[str, int]:
    """Write the workbook (summary, units, disbursements, settings); rows per sheet."""
    sheets = [Sheet("状态汇总", SUMMARY_COLUMNS, result.summary()),
              Sheet("对账明细", UNIT_COLUMNS, result.units),
              Sheet("拨付明细", DISBURSEMENT_COLUMNS, result.disbursements),
              Sheet("对账参数", SETTINGS_COLUMNS, _settings_rows(result, cfg))]
    write_workbook(out, sheets)
    return {s.name: len(s.rows) for s in sheets}

"""The flying-inspection case list (飞行检查清单): top institutions by risk, one row per rule."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from fundguard.db.sqlrun import query_dicts
from fundguard.inspect.checklists import load_checklists
from fundguard.reports.xlsx import Sheet, write_workbook
from fundguard.settings import Settings

CASE_LIST_COLUMNS: list[tuple[str, str]] = [
    ("inst_rank", "排名"), ("fixmedins_code", "机构编码"), ("fixmedins_name", "机构名称"),
    ("medins_lv", "级别"), ("district", "区县"), ("credit_grade", "信用等级"),
    ("risk_score", "风险分"), ("gz_code", "国家规则编码"), ("rule_id", "规则编号"), ("rule_name", "规则名称"),
    ("result_type", "违规类型"), ("n_settlements", "涉及结算数"), ("n_visits", "涉及就诊数"),
    ("sample_setl_ids", "样例结算ID"), ("n_lines_violating", "违规项明细数"),
    ("n_lines_involved", "涉及项明细数"), ("vola_amt", "违规金额(元)"), ("fund_amt", "基金损失(元)"),
    ("period", "时间区间"), ("legal_basis", "法律依据"), ("focus", "检查重点"),
    ("evidence", "现场取证清单"), ("handling", "建议处置"), ("case_status", "案件状态"),
]
"""Columns of the list, in the order of domain reference §4.3."""

SHORT_COLUMNS: list[tuple[str, str]] = [
    ("inst_rank", "排名"), ("fixmedins_code", "机构编码"), ("fixmedins_name", "机构名称"),
    ("credit_grade", "信用等级"), ("risk_score", "风险分"), ("rule_name", "规则名称"),
    ("vola_amt", "违规金额(元)"), ("sample_setl_ids", "样例结算ID"), ("evidence", "现场取证清单"),
]
"""The subset shown in a terminal table."""


RISK_ONLY_RULE = "风险异常(模型提示, 无规则疑点)"


def _risk_reasons(reasons_json: str | None) -> str:
    reasons = json.loads(reasons_json or "[]")
    return "; ".join(str(r.get("text_zh", "")) for r in reasons[:3])


def _with_guidance(row: dict[str, Any], settings: Settings) -> dict[str, Any]:
    checklists = load_checklists(settings.config_dir / "inspection" / "checklists.yaml")
    checklist = checklists.for_category(row["category"])
    risk, reasons = row["risk_score"], _risk_reasons(row.pop("reasons_json"))
    if row["rule_id"] is None:  # high risk band without any rule finding
        row |= {"rule_name": RISK_ONLY_RULE, "result_type": "可疑", "severity_max": "high"}
    return row | {
        "credit_grade": row["credit_grade"] or "未评级",
        "risk_score": None if risk is None else round(float(risk), 1),
        "sample_setl_ids": list(row["sample_setl_ids"] or []),
        "period": f"{row['first_date']} 至 {row['last_date']}" if row["first_date"] else "—",
        "focus": checklist.focus if row["rule_id"] else f"核查模型提示的异常: {reasons}",
        "evidence": "、".join(checklist.evidence),
        "handling": checklists.suggested_handling(row["result_type"], row["severity_max"]),
        "case_status": row["case_status"] or "未立案",
    }


def flying_list(con: duckdb.DuckDBPyConnection, settings: Settings, *, top: int, date_from: date,
                date_to: date, district: str | None = None) -> list[dict[str, Any]]:
    """Rows of the list for the ``top`` institutions (one row per institution and rule)."""
    rows = query_dicts(con, settings.sql_dir, "inspect/flying_list", {
        "top": top, "date_from": date_from, "date_to": date_to, "district": district,
    })
    return [_with_guidance(row, settings) for row in rows]


def export_flying_list(rows: list[dict[str, Any]], path: Path, title: str) -> Path:
    """The list as an XLSX workbook (sheet 飞行检查清单; ``title`` names the sheet 说明)."""
    flat = [r | {"sample_setl_ids": "、".join(r["sample_setl_ids"])} for r in rows]
    return write_workbook(path, [Sheet("飞行检查清单", CASE_LIST_COLUMNS, flat),
                                 Sheet("说明", [("title", "清单")], [{"title": title}])])

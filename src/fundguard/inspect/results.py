"""Inspection results intake (`fundguard inspect record FILE`) and the sample the IPW estimates use.

Results land in ``inspection_result`` (one row per institution and inspection; re-recording the same
institution, date and draw replaces the row when its content changed, and leaves it as it is
otherwise).  The case builder (``fundguard.cases.inspections``) and the credit ledger read that table.
File columns (CSV UTF-8/GBK or XLSX, Chinese headers): 机构编码, 检查日期, 抽查编号, 现场检查, 检查事项,
发现违规, 违规类别, 违规金额, 基金损失, 检查结论, 处理, and optionally 法律依据, 严重程度.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import duckdb

from fundguard.db.sqlrun import execute_sql, query_dicts
from fundguard.errors import InputDataError
from fundguard.inspect.checklists import CATEGORY_CODE_BY_ZH
from fundguard.inspect.estimate import SampleUnit
from fundguard.settings import Settings

RESULT_HEADERS: dict[str, str] = {
    "机构编码": "fixmedins_code", "检查日期": "inspected_on", "抽查编号": "draw_id",
    "现场检查": "onsite", "检查事项": "items_checked", "发现违规": "violation_found",
    "违规类别": "violation_categories", "违规金额": "violation_amount", "基金损失": "fund_loss",
    "检查结论": "conclusion", "处理": "handling", "法律依据": "legal_basis", "严重程度": "severity",
}
REQUIRED = ("机构编码", "检查日期", "检查事项", "发现违规")
_YES = {"是", "有", "Y", "y", "1", "true", "True", "TRUE"}
SEVERITY_BY_ZH = {"轻微": "low", "一般": "medium", "较重": "high", "严重": "critical"}


def _read_rows(path: Path) -> list[dict[str, Any]]:
    if path.suffix.lower() == ".xlsx":
        import openpyxl

        sheet = openpyxl.load_workbook(path, read_only=True, data_only=True).worksheets[0]
        values = [list(row) for row in sheet.iter_rows(values_only=True)]
        return [dict(zip(values[0], row, strict=False)) for row in values[1:] if any(row)]
    import csv
    import io

    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("gb18030")
    return list(csv.DictReader(io.StringIO(text)))


def _amount(value: Any, where: str) -> Decimal:
    try:
        return Decimal(str(value or "0").replace(",", "")).quantize(Decimal("0.01"))
    except InvalidOperation as exc:
        raise InputDataError(f"金额格式错误: {value}", location=where,
                             hint="金额请填写数字, 如 1234.50。") from exc


def _day(value: Any, where: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip().replace("/", "-"))
    except ValueError as exc:
        raise InputDataError(f"检查日期格式错误: {value}", location=where,
                             hint="日期格式为 YYYY-MM-DD。") from exc


def _categories(text: Any) -> str | None:
    items = [p.strip() for p in str(text or "").replace("；", ";").replace("、", ";").split(";")]
    codes = [CATEGORY_CODE_BY_ZH.get(p, p) for p in items if p]
    return ";".join(sorted(set(codes))) or None


def _severity(value: Any, where: str) -> str | None:
    text = str(value or "").strip()
    code = SEVERITY_BY_ZH.get(text, text.lower())
    if code and code not in SEVERITY_BY_ZH.values():
        raise InputDataError(f"严重程度无法识别: {text}", location=where,
                             hint="请填写 轻微/一般/较重/严重 (或 low/medium/high/critical), 或留空。")
    return code or None


def parse_result(raw: dict[str, Any], where: str, source: str) -> dict[str, Any]:
    """One validated ``inspection_result`` row from a file row with Chinese headers."""
    row = {RESULT_HEADERS[k]: v for k, v in raw.items() if k in RESULT_HEADERS}
    if not str(row.get("fixmedins_code") or "").strip():
        raise InputDataError("缺少机构编码", location=where)
    code, day = str(row["fixmedins_code"]).strip(), _day(row.get("inspected_on"), where)
    draw_id = str(row.get("draw_id") or "").strip() or None
    key = hashlib.sha256(f"{code}|{day}|{draw_id or ''}".encode()).hexdigest()
    return {
        "result_id": "R" + key[:15], "draw_id": draw_id, "fixmedins_code": code,
        "inspected_on": day, "onsite": str(row.get("onsite") or "是").strip() in _YES,
        "items_checked": str(row.get("items_checked") or "").strip(),
        "violation_found": str(row.get("violation_found") or "").strip() in _YES,
        "violation_categories": _categories(row.get("violation_categories")),
        "violation_amount": _amount(row.get("violation_amount"), where),
        "fund_loss": _amount(row.get("fund_loss"), where),
        "conclusion": row.get("conclusion") or None, "handling": row.get("handling") or None,
        "legal_basis": str(row.get("legal_basis") or "").strip() or None,
        "severity": _severity(row.get("severity"), where),
        "source_file": source, "recorded_at": datetime.now(),
    }


def record_results(con: duckdb.DuckDBPyConnection, settings: Settings, path: Path) -> int:
    """Store every result row of ``path`` (unchanged rows stay as they are); returns the row count."""
    if not path.is_file():
        raise InputDataError("找不到检查结果文件", location=path)
    raw_rows = _read_rows(path)
    missing = set(REQUIRED) - set(raw_rows[0] if raw_rows else {})
    if missing:
        raise InputDataError(f"检查结果文件缺少列: {', '.join(sorted(missing))}", location=path,
                             hint=f"所需列: {', '.join(RESULT_HEADERS)}")
    rows = [parse_result(r, f"{path.name} 第{i + 2}行", path.name) for i, r in enumerate(raw_rows)]
    for row in rows:
        execute_sql(con, settings.sql_dir, "inspect/result_upsert", row)
    return len(rows)


def sample_units(con: duckdb.DuckDBPyConnection, settings: Settings, draw_id: str) -> list[SampleUnit]:
    """Inspected units of ``draw_id`` with their inclusion probabilities, results and rule flags."""
    rows = query_dicts(con, settings.sql_dir, "inspect/sample_units", {"draw_id": draw_id})
    return [SampleUnit(
        fixmedins_code=r["fixmedins_code"], stratum=r["stratum"], prob=r["prob"],
        violation=bool(r["violation"]),
        categories=frozenset(filter(None, (r["violation_categories"] or "").split(";"))),
        flagged_by=frozenset(r["flagged_by"]),
    ) for r in rows]


def results_recorded_since(con: duckdb.DuckDBPyConnection, settings: Settings,
                           since: datetime) -> list[dict[str, Any]]:
    """Results recorded at or after ``since`` (API for the credit ledger and the cases stage)."""
    return query_dicts(con, settings.sql_dir, "inspect/results_since", {"since": since})

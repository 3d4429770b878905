"""The public 公示 list of a draw (机构, 检查事项, 检查人员) as XLSX and PDF.

Inspector names come from the roster snapshot frozen in the draw record, so the list always matches
the draw even after the roster file changes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb

from fundguard.db.sqlrun import query_dicts
from fundguard.errors import NotFoundError
from fundguard.reports.xlsx import Sheet, write_workbook
from fundguard.settings import Settings

ANNOUNCEMENT_COLUMNS: list[tuple[str, str]] = [
    ("seq", "序号"), ("fixmedins_name", "检查对象"), ("fixmedins_code", "机构编码"),
    ("district", "区县"), ("check_item", "检查事项"), ("inspectors", "检查人员"),
]


def announcement(con: duckdb.DuckDBPyConnection, settings: Settings,
                 draw_id: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The draw record header and one 公示 row per drawn institution."""
    records = query_dicts(con, settings.sql_dir, "inspect/draw_get", {"draw_id": draw_id})
    if not records:
        raise NotFoundError(f"找不到抽查记录 {draw_id}", hint="用 `fundguard inspect draws` 查看已有记录。")
    record = records[0]
    snapshot = json.loads(record["roster_snapshot"])["inspectors"]
    names = {p["inspector_id"]: p["name"] or p["inspector_id"] for p in snapshot}
    rows = query_dicts(con, settings.sql_dir, "inspect/announcement", {"draw_id": draw_id})
    for seq, row in enumerate(rows, start=1):
        row["seq"] = seq
        row["inspectors"] = "、".join(names.get(i, i) for i in row["inspector_ids"] or [])
    return record, rows


def _title(record: dict[str, Any]) -> str:
    return f"{record['plan_name']} 抽查结果公示"


def _footer(record: dict[str, Any]) -> str:
    return (f"抽查编号 {record['draw_id']}; 随机种子 {record['seed']}; 算法版本 "
            f"{record['algorithm_version']}; 检查对象名录库指纹 {record['registry_fingerprint'][:16]}; "
            f"抽取时间 {record['created_at']:%Y-%m-%d %H:%M}。任何人可用相同种子和名录库快照复现本次抽取。")


RECORD_COLUMNS: list[tuple[str, str]] = [("item", "项目"), ("value", "内容")]


def _record_rows(record: dict[str, Any], n_rows: int) -> list[dict[str, Any]]:
    return [{"item": item, "value": value} for item, value in [
        ("标题", _title(record)), ("检查事项", record["check_item"]), ("抽中机构数", n_rows),
        ("名录库机构数", record["n_objects"]), ("说明", _footer(record)),
    ]]


def export_announcement_xlsx(record: dict[str, Any], rows: list[dict[str, Any]], path: Path) -> Path:
    """Sheet 公示名单 (one row per drawn institution) and sheet 抽查说明 (the draw record)."""
    return write_workbook(path, [Sheet("公示名单", ANNOUNCEMENT_COLUMNS, rows),
                                 Sheet("抽查说明", RECORD_COLUMNS, _record_rows(record, len(rows)))])


def export_announcement_pdf(record: dict[str, Any], rows: list[dict[str, Any]], path: Path) -> Path:
    from fundguard.reports import pdf as doc

    pdf = doc.new_document(_title(record), landscape=True)
    doc.paragraph(pdf, f"检查事项: {record['check_item']}    抽中 {len(rows)} 家 / 名录库 "
                       f"{record['n_objects']} 家")
    doc.table(pdf, ANNOUNCEMENT_COLUMNS, rows, widths=(12, 70, 35, 25, 70, 55))
    doc.paragraph(pdf, _footer(record))
    return doc.save(pdf, path)

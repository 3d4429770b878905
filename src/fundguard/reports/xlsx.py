"""Writing XLSX workbooks with Chinese headers: amounts as numeric cells in 0.00 format, dates as
dates, JSON as text.  Shared by case exports, credit lists and referral item lists."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any


@dataclass(frozen=True, slots=True)
class Sheet:
    """One worksheet: name, columns [(key, 中文表头)], rows (dicts)."""

    name: str
    columns: Sequence[tuple[str, str]]
    rows: Sequence[dict[str, Any]]


def _cell_text(value: Any) -> str:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _write_cell(ws: Any, r: int, c: int, value: Any, fmt: dict[str, Any]) -> None:
    if value is None:
        ws.write_blank(r, c, None)
    elif isinstance(value, Decimal):
        ws.write_number(r, c, float(value), fmt["money"])
    elif isinstance(value, bool):
        ws.write_string(r, c, "是" if value else "否")
    elif isinstance(value, int | float):
        ws.write_number(r, c, value)
    elif isinstance(value, datetime):
        ws.write_datetime(r, c, value, fmt["datetime"])
    elif isinstance(value, date):
        ws.write_datetime(r, c, datetime(value.year, value.month, value.day), fmt["date"])
    else:
        ws.write_string(r, c, _cell_text(value))


def write_workbook(path: Path, sheets: Sequence[Sheet]) -> Path:
    """Write ``sheets`` to ``path`` (parent folders created); returns the path."""
    import xlsxwriter

    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(path), {"remove_timezone": True})
    fmt = {"money": wb.add_format({"num_format": "0.00"}),
           "date": wb.add_format({"num_format": "yyyy-mm-dd"}),
           "datetime": wb.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"}),
           "header": wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})}
    for sheet in sheets:
        ws = wb.add_worksheet(sheet.name[:31])
        for c, (_, label) in enumerate(sheet.columns):
            ws.write_string(0, c, label, fmt["header"])
            ws.set_column(c, c, max(10, min(40, 2 * len(label) + 4)))
        for r, row in enumerate(sheet.rows, start=1):
            for c, (key, _) in enumerate(sheet.columns):
                _write_cell(ws, r, c, row.get(key), fmt)
        ws.freeze_panes(1, 0)
    wb.close()
    return path

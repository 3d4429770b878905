"""Writing Chinese-headed XLSX workbooks (xlsxwriter): one sheet per table, amounts as 0.00 numbers.

Excel stores every number as a binary double; amounts are written from ``Decimal`` with a two-decimal
format, so the value shown and summed is the exact fen amount.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any


@dataclass(frozen=True, slots=True)
class Sheet:
    """One worksheet: a name, [(key, 中文表头)] columns and dict rows."""

    name: str
    columns: Sequence[tuple[str, str]]
    rows: Sequence[dict[str, Any]]
    title: str | None = None


def _cell_text(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return "、".join(str(v) for v in value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _write_sheet(book: Any, sheet: Sheet, formats: dict[str, Any]) -> None:
    ws = book.add_worksheet(sheet.name[:31])
    first = 0
    if sheet.title:
        ws.write(0, 0, sheet.title, formats["title"])
        first = 2
    for col, (_, label) in enumerate(sheet.columns):
        ws.write(first, col, label, formats["header"])
        ws.set_column(col, col, max(10, min(40, 2 * len(label) + 4)))
    for r, row in enumerate(sheet.rows, start=first + 1):
        for col, (key, _) in enumerate(sheet.columns):
            value = row.get(key)
            if isinstance(value, Decimal):
                ws.write_number(r, col, float(value), formats["amount"])
            elif value is None:
                ws.write_blank(r, col, None)
            else:
                ws.write(r, col, _cell_text(value))
    ws.freeze_panes(first + 1, 0)
    if sheet.rows:
        ws.autofilter(first, 0, first + len(sheet.rows), len(sheet.columns) - 1)


def write_workbook(path: Path, sheets: Sequence[Sheet]) -> Path:
    """Write ``sheets`` to ``path`` (parents created); returns the path."""
    import xlsxwriter

    path.parent.mkdir(parents=True, exist_ok=True)
    book = xlsxwriter.Workbook(str(path), {"remove_timezone": True})
    formats = {
        "title": book.add_format({"bold": True, "font_size": 14}),
        "header": book.add_format({"bold": True, "bg_color": "#DCE6F1", "border": 1, "text_wrap": True}),
        "amount": book.add_format({"num_format": "#,##0.00"}),
    }
    try:
        for sheet in sheets:
            _write_sheet(book, sheet, formats)
    finally:
        book.close()
    return path

"""Rendering list output: ``table`` for people (rich), ``json``/``csv`` for scripts.

Every list command takes ``--format table|json|csv``; column order is stable; amounts render with two
decimals; headers are the Chinese labels given by the caller.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

import typer


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


FORMAT_OPTION = typer.Option(OutputFormat.table, "--format", "-f", help="输出格式: table|json|csv")


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, datetime | date):
        return value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()
    if isinstance(value, float):
        return round(value, 4)
    return value


def render(
    rows: Sequence[dict[str, Any]],
    columns: Sequence[tuple[str, str]],
    fmt: OutputFormat,
    *,
    title: str | None = None,
) -> None:
    """Print ``rows`` with ``columns`` = [(key, 中文表头), ...] in the chosen format."""
    if fmt is OutputFormat.json:
        payload = [{key: _plain(row.get(key)) for key, _ in columns} for row in rows]
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=1) + "\n")
        return
    if fmt is OutputFormat.csv:
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow([key for key, _ in columns])
        for row in rows:
            writer.writerow(["" if row.get(k) is None else _plain(row.get(k)) for k, _ in columns])
        sys.stdout.write(buf.getvalue())
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_lines=False)
    for _, label in columns:
        table.add_column(label)
    for row in rows:
        table.add_row(*["" if row.get(k) is None else str(_plain(row.get(k))) for k, _ in columns])
    Console().print(table)
    if not rows:
        Console(stderr=True).print("(无记录)")

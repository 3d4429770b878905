"""`fundguard quarantine list`: rows and files the quality gate held back, with Chinese reasons."""

from __future__ import annotations

import typer

from fundguard.cli.common import get_settings
from fundguard.cli.output import FORMAT_OPTION, OutputFormat, render

app = typer.Typer(no_args_is_help=True)

COLUMNS = [
    ("batch_id", "批次"), ("file_path", "文件"), ("source_row", "行号"), ("field", "字段"),
    ("check_name", "检查"), ("severity_zh", "级别"), ("reason_zh", "原因"), ("quarantined_at", "时间"),
]
_SEVERITY_ZH = {"blocking": "阻断", "warning": "警告"}


@app.command("list")
def list_cmd(
    batch: str | None = typer.Option(None, "--batch", help="只看某个入库批次"),
    file: str | None = typer.Option(None, "--file", help="只看路径包含该文本的文件"),
    limit: int = typer.Option(100, "--limit", min=1, help="最多显示条数"),
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """列出隔离区记录 (不显示原始记录内容)。

    Example:  fundguard quarantine list --batch B20260331020000-abc123 --format csv
    """
    from fundguard.db.connection import connect
    from fundguard.db.sql_files import sql_text

    settings = get_settings()
    with connect(settings, read_only=True) as con:
        cur = con.execute(sql_text(settings.sql_dir, "ingest/quarantine_list"),
                          {"batch_id": batch, "file": file, "limit": limit})
        names = [d[0] for d in cur.description]
        rows = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
    for row in rows:
        row["severity_zh"] = _SEVERITY_ZH.get(row["severity"], row["severity"])
    render(rows, COLUMNS, fmt, title="隔离区")

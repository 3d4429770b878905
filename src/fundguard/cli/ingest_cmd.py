"""`fundguard ingest PATH`: ingest a folder (or one file) as one batch, under the writer lock."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from fundguard.cli.common import get_settings
from fundguard.cli.output import FORMAT_OPTION, OutputFormat, render
from fundguard.errors import InputDataError

COLUMNS = [
    ("rel_path", "文件"), ("target", "目标表"), ("profile", "数据源配置"), ("encoding", "编码"),
    ("status", "状态"), ("rows_read", "读取"), ("rows_loaded", "入库"), ("rows_quarantined", "隔离"),
    ("rows_superseded", "被更正替换"), ("message", "说明"),
]


def ingest(
    path: Annotated[Path, typer.Argument(help="入库目录或单个文件")],
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """数据入库: 读取目录下的新文件, 经质量校验后作为一个批次入库 (全部成功或全部不入库)。

    Example:  fundguard ingest data_samples/city
    """
    from fundguard.db.connection import writer_lock
    from fundguard.ingest.loader import ingest_inbox

    settings = get_settings()
    with writer_lock(settings, f"fundguard ingest {path}"):
        report = ingest_inbox(settings, path)
    rows = [{**vars(f), "status": f.status_zh} for f in report.files]
    render(rows, COLUMNS, fmt, title=f"入库批次 {report.batch_id}")
    if fmt is OutputFormat.table:
        typer.echo(f"读取 {report.rows_read} 行, 入库 {report.rows_loaded} 行, 隔离 {report.rows_quarantined} 行,"
                   f" 被更正替换 {report.rows_superseded} 行")
        if report.touched_from:
            typer.echo(f"涉及结算日期: {report.touched_from} 至 {report.touched_to}")
        typer.echo(f"质量报告: {report.summary_path}")
    if report.file_errors:
        names = ", ".join(f.rel_path for f in report.file_errors)
        raise InputDataError(f"{len(report.file_errors)} 个文件无法入库 (其余文件已入库): {names}",
                             hint=f"原因见 `fundguard quarantine list --batch {report.batch_id}`。")


app = ingest

"""`fundguard data dictionary|quality`: the data dictionary and the per-batch quality summary."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from fundguard.cli.common import get_settings
from fundguard.cli.output import FORMAT_OPTION, OutputFormat, render
from fundguard.errors import NotFoundError

app = typer.Typer(no_args_is_help=True)

COLUMNS = [("table", "表"), ("column", "字段"), ("name_zh", "中文名"), ("national_field", "国家平台字段"),
           ("dtype", "类型"), ("required_zh", "必填"), ("constraint", "约束")]


@app.command("dictionary")
def dictionary_cmd(
    out: Annotated[Path | None, typer.Option("--out", help="写出 Markdown 文件 (如 docs/data_dictionary.md)")] = None,
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """数据字典: 由建表语句的字段注释生成 (英文名、中文名、国家平台字段、类型、约束)。

    Example:  fundguard data dictionary --out docs/data_dictionary.md
    """
    from fundguard.datamodel.dictionary import dictionary_entries, dictionary_markdown

    settings = get_settings()
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(dictionary_markdown(settings.sql_dir), encoding="utf-8")
        typer.echo(f"数据字典已写出: {out}")
        return
    rows = [{**e.as_row(), "required_zh": "是" if e.required else ""}
            for e in dictionary_entries(settings.sql_dir)]
    render(rows, COLUMNS, fmt, title="数据字典")


@app.command("quality")
def quality_cmd(batch: str | None = typer.Option(None, "--batch", help="入库批次 (默认最近一次)")) -> None:
    """显示某个入库批次的数据质量报告 (离线 HTML) 路径。

    Example:  fundguard data quality --batch B20260331020000-abc123
    """
    from fundguard.db.connection import connect
    from fundguard.db.sql_files import sql_text
    from fundguard.quality.summary import summary_path

    settings = get_settings()
    with connect(settings, read_only=True) as con:
        found = con.execute(sql_text(settings.sql_dir, "ingest/latest_batch"), {"batch_id": batch}).fetchall()
    if not found:
        raise NotFoundError(f"没有找到入库批次 {batch or ''}".strip(), hint="请用 `fundguard runs` 或"
                            " `fundguard quarantine list` 查看批次编号。")
    path = summary_path(settings, found[0][0])
    if not path.is_file():
        raise NotFoundError("该批次的数据质量报告文件不存在", location=path,
                            hint="报告在入库时生成; 如 var/ 被清理过, 请重新入库。")
    typer.echo(str(path))

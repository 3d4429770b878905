"""``fundguard report``: the nightly report (HTML + XLSX), flying-inspection list and dossiers."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from fundguard.cli.common import get_settings

app = typer.Typer(no_args_is_help=True, help="报告: 夜间报告 (HTML/XLSX)、飞行检查清单、检查档案。")


@app.command("nightly")
def nightly(
    run_id: Annotated[str | None, typer.Option("--run", help="运行编号 (默认最近一次)")] = None,
    out: Annotated[Path | None, typer.Option("--out", help="输出目录 (默认 var/reports/<运行日期>)")] = None,
) -> None:
    """生成夜间报告: 各规则/区县疑点、金额趋势、新立案与结案、信用等级分布、高风险机构、数据质量、运行耗时。

    Example: fundguard report nightly --out var/reports/latest
    """
    from fundguard.reports.stage import write_reports

    result = write_reports(get_settings(), run_id, out, read_only=True)
    typer.echo(f"夜间报告: {result['html']}")
    typer.echo(f"夜间报告 XLSX: {result['xlsx']}")
    typer.echo(f"飞行检查清单: {result['flying_list']} ({result['n_flying_list_rows']} 行)")
    for path in result["dossiers"]:
        typer.echo(f"检查档案: {path}")

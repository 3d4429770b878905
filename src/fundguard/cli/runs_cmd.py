"""`fundguard runs list|show`: the run table."""

from __future__ import annotations

import typer

from fundguard.cli.common import get_settings
from fundguard.cli.output import FORMAT_OPTION, OutputFormat, render

app = typer.Typer(no_args_is_help=True)


@app.command("list")
def list_cmd(
    limit: int = typer.Option(20, "--limit", help="最多显示条数"),
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """列出最近的流程运行。

    Example:  fundguard runs list --format json
    """
    from fundguard.ops.runs import list_runs

    rows = list_runs(get_settings(), limit)
    render(rows, [("run_id", "运行编号"), ("flow", "流程"), ("run_date", "业务日期"), ("status_label", "状态"),
                  ("started_at", "开始时间"), ("seconds", "耗时(秒)"), ("message", "说明")],
           fmt, title="流程运行记录")


@app.command("show")
def show_cmd(run_id: str = typer.Argument(..., help="运行编号"), fmt: OutputFormat = FORMAT_OPTION) -> None:
    """显示一次运行各阶段的状态、行数、耗时与计数。

    Example:  fundguard runs show nightly-20260331-1a2b3c4d
    """
    from fundguard.ops.runs import run_stages

    render(run_stages(get_settings(), run_id),
           [("stage_label", "阶段"), ("status_label", "状态"), ("rows", "行数"), ("seconds", "耗时(秒)"),
            ("counts", "计数"), ("message", "说明")], fmt, title=f"运行 {run_id}")

"""`fundguard run nightly|full`: run the Prefect flows from the command line."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import typer

from fundguard.cli.common import configure_prefect_env, get_settings
from fundguard.cli.output import OutputFormat, render

app = typer.Typer(no_args_is_help=True)

_STAGE_COLUMNS = [("stage_label", "阶段"), ("status_label", "状态"), ("rows", "行数"), ("seconds", "耗时(秒)"),
                  ("message", "说明")]


def _parse_date(value: str, option: str) -> date:
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise typer.BadParameter(f"日期格式应为 YYYY-MM-DD，收到 {value!r}", param_hint=option) from None


def _run_total(run_id: str) -> dict[str, Any]:
    """The summary table's last row: the run's status and its duration from start to finish."""
    from fundguard.ops.runs import list_runs

    run = next((r for r in list_runs(get_settings(), limit=20) if r["run_id"] == run_id), {})
    return {"stage_label": "合计", "status_label": run.get("status_label"), "rows": None,
            "seconds": run.get("seconds"), "message": None}


def _print_summary(result: dict[str, Any], wall_seconds: float) -> None:
    from fundguard.ops.runs import run_outline, run_stages

    settings = get_settings()
    stages = run_stages(settings, result["run_id"])
    render([*stages, _run_total(result["run_id"])], _STAGE_COLUMNS, OutputFormat.table,
           title=f"运行 {result['run_id']}")
    typer.echo(f"总耗时 {wall_seconds:.1f} 秒 (含 Prefect 启动)")
    figures, paths = run_outline(result)
    typer.echo("  ".join(f"{label} {value:,}" for label, value in figures))
    typer.echo(f"数据库: {settings.db_path}")
    for label, path in paths:
        typer.echo(f"{label}: {path}")
    typer.echo(f"查看各阶段计数: fundguard runs show {result['run_id']}")


def _run_flow(label_zh: str, flow: Callable[..., dict[str, Any]], *args: Any) -> None:
    """Run a flow with a progress line per stage (terminal) or progress log lines, then the summary."""
    from fundguard.db.connection import refuse_if_writing
    from fundguard.ops import progress

    refuse_if_writing(get_settings())  # a clear refusal before any Prefect output
    started = time.perf_counter()
    with progress.terminal(), progress.track(label_zh):
        result = flow(*args)
    _print_summary(result, time.perf_counter() - started)


@app.command("nightly")
def nightly_cmd(
    run_date: str | None = typer.Option(None, "--date", help="业务日期 YYYY-MM-DD (默认: 前一天，Asia/Shanghai)"),
    inbox: Path | None = typer.Option(None, "--inbox", help="入库目录 (默认样例城市 data_samples/city)"),
) -> None:
    """运行夜间批处理: 入库 → 质量校验 → 规则 → 异常模型 → 案件 → 信用 → 报告。

    Example:  fundguard run nightly --date 2026-03-31
    """
    configure_prefect_env()
    from pipelines.nightly import nightly

    day = _parse_date(run_date, "--date") if run_date else None
    _run_flow("夜间批处理", nightly, day, str(inbox) if inbox else None)


@app.command("full")
def full_cmd(
    date_from: str = typer.Option(..., "--from", help="开始日期 YYYY-MM-DD"),
    date_to: str = typer.Option(..., "--to", help="结束日期 YYYY-MM-DD"),
) -> None:
    """全量重算: 对已入库数据在给定区间内重新运行规则、模型、案件、信用与报告。

    Example:  fundguard run full --from 2026-01-01 --to 2026-03-31
    """
    configure_prefect_env()
    from pipelines.nightly import full_recompute

    _run_flow("全量重算", full_recompute, _parse_date(date_from, "--from"), _parse_date(date_to, "--to"))

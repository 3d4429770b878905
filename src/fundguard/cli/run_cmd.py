"""`fundguard run nightly|full`: run the Prefect flows from the command line."""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path
from typing import Any

import typer

from fundguard.cli.common import get_settings
from fundguard.cli.output import OutputFormat, render

app = typer.Typer(no_args_is_help=True)

_STAGE_COLUMNS = [("stage_label", "阶段"), ("status_label", "状态"), ("rows", "行数"), ("seconds", "耗时(秒)"),
                  ("message", "说明")]


def _quiet_prefect() -> None:
    # No internet: telemetry would only produce errors; keep Prefect's own logs out of the table.
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    os.environ.setdefault("PREFECT_TASKS_DEFAULT_NO_CACHE", "true")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
    home = Path(os.environ.setdefault("PREFECT_HOME", str(get_settings().var_path / "prefect")))
    home.mkdir(parents=True, exist_ok=True)  # Prefect's SQLite API database does not create it


def _parse_date(value: str, option: str) -> date:
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise typer.BadParameter(f"日期格式应为 YYYY-MM-DD，收到 {value!r}", param_hint=option) from None


def _print_summary(result: dict[str, Any]) -> None:
    from fundguard.ops.runs import run_outline, run_stages

    settings = get_settings()
    stages = run_stages(settings, result["run_id"])
    render(stages, _STAGE_COLUMNS, OutputFormat.table,
           title=f"运行 {result['run_id']}")
    figures, paths = run_outline(result)
    typer.echo("  ".join(f"{label} {value:,}" for label, value in figures))
    typer.echo(f"数据库: {settings.db_path}")
    for label, path in paths:
        typer.echo(f"{label}: {path}")
    typer.echo(f"查看各阶段计数: fundguard runs show {result['run_id']}")


@app.command("nightly")
def nightly_cmd(
    run_date: str = typer.Option(..., "--date", help="业务日期 YYYY-MM-DD"),
    inbox: Path | None = typer.Option(None, "--inbox", help="入库目录 (默认样例城市 data_samples/city)"),
) -> None:
    """运行夜间批处理: 入库 → 质量校验 → 规则 → 异常模型 → 案件 → 信用 → 报告。

    Example:  fundguard run nightly --date 2026-03-31
    """
    _quiet_prefect()
    from pipelines.nightly import nightly

    result = nightly(_parse_date(run_date, "--date"), str(inbox) if inbox else None)
    _print_summary(result)


@app.command("full")
def full_cmd(
    date_from: str = typer.Option(..., "--from", help="开始日期 YYYY-MM-DD"),
    date_to: str = typer.Option(..., "--to", help="结束日期 YYYY-MM-DD"),
) -> None:
    """全量重算: 对已入库数据在给定区间内重新运行规则、模型、案件、信用与报告。

    Example:  fundguard run full --from 2026-01-01 --to 2026-03-31
    """
    _quiet_prefect()
    from pipelines.nightly import full_recompute

    result = full_recompute(_parse_date(date_from, "--from"), _parse_date(date_to, "--to"))
    _print_summary(result)

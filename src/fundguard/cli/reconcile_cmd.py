"""``fundguard reconcile run|summary|export``: fund-disbursement reconciliation (基金拨付对账)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from fundguard.cli.common import get_settings
from fundguard.cli.output import FORMAT_OPTION, OutputFormat, render

app = typer.Typer(no_args_is_help=True, help="基金拨付对账: 结算基金支付额、拨付记录与支出户银行流水三方核对。")

PERIOD_OPTION = typer.Option(..., "--period", help="结算期 YYYY-MM")
AS_OF_OPTION = typer.Option(None, "--as-of", help="对账日期 YYYY-MM-DD (默认: 数据中最晚的业务日期)")
TABLE_COLUMNS = [
    ("fixmedins_code", "机构编码"), ("fixmedins_name", "机构名称"), ("clr_type", "清算类别"),
    ("settled_amt", "结算基金支付额"), ("disbursed_amt", "拨付金额"), ("bank_amt", "银行流水金额"),
    ("diff_amt", "差额(拨付-结算)"), ("tolerance", "容差"), ("status", "对账状态"), ("issues", "全部问题"),
]


def _as_of(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        raise typer.BadParameter(f"日期格式应为 YYYY-MM-DD: {value}", param_hint="--as-of") from None


def _reconcile(period: str, as_of: str | None) -> tuple[Any, Any]:
    from fundguard.db.connection import connect
    from fundguard.reconcile.config import load_reconcile_config
    from fundguard.reconcile.reconcile import check_period, reconcile_period

    settings = get_settings()
    check_period(period)
    cfg = load_reconcile_config(settings.config_dir)
    with connect(settings, read_only=True) as con:
        return reconcile_period(con, settings.sql_dir, cfg, period, _as_of(as_of)), cfg


@app.command("run")
def run_cmd(
    period: str = PERIOD_OPTION,
    as_of: str | None = AS_OF_OPTION,
    issues_only: bool = typer.Option(False, "--issues-only", help="只列出状态不是“一致”的对账单元"),
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """按机构、结算期、清算类别核对结算基金支付额、拨付金额与银行流水, 列出对账状态。

    Example:  fundguard reconcile run --period 2026-02 --issues-only
    """
    from fundguard.reconcile.reconcile import SUMMARY_COLUMNS, UNIT_COLUMNS

    result, _ = _reconcile(period, as_of)
    rows = [u for u in result.units if not issues_only or u["status"] != "一致"]
    if fmt is not OutputFormat.table:
        render(rows, UNIT_COLUMNS, fmt)
        return
    render(rows, TABLE_COLUMNS, fmt, title=f"基金拨付对账 结算期 {result.period} (对账日期 {result.as_of})")
    render([s for s in result.summary() if s["n_with_issue"]], SUMMARY_COLUMNS, fmt, title="对账状态汇总")


@app.command("summary")
def summary_cmd(period: str = PERIOD_OPTION, as_of: str | None = AS_OF_OPTION,
                fmt: OutputFormat = FORMAT_OPTION) -> None:
    """各对账状态的对账单元数。

    Example:  fundguard reconcile summary --period 2026-02 --format json
    """
    from fundguard.reconcile.reconcile import SUMMARY_COLUMNS

    result, _ = _reconcile(period, as_of)
    render(result.summary(), SUMMARY_COLUMNS, fmt, title=f"对账状态汇总 结算期 {result.period}")


@app.command("export")
def export_cmd(
    out: Annotated[Path, typer.Option("--out", help="输出 XLSX 文件")],
    period: str = PERIOD_OPTION,
    as_of: str | None = AS_OF_OPTION,
) -> None:
    """导出对账结果 (状态汇总、对账明细、拨付明细、对账参数) 为 XLSX。

    Example:  fundguard reconcile export --period 2026-02 --out var/exports/基金拨付对账_2026-02.xlsx
    """
    from fundguard.reconcile.reconcile import export_reconciliation

    result, cfg = _reconcile(period, as_of)
    counts = export_reconciliation(result, cfg, out)
    details = ", ".join(f"{name} {n} 行" for name, n in counts.items())
    typer.echo(f"已导出 {out} ({details})")

"""The ``fundguard`` command line: one sub-app per noun, one error boundary.

Heavy libraries (GX, sklearn, matplotlib, prefect) are imported inside commands so ``--help`` is fast.
Sub-apps are listed in ``SUBAPPS``; each module exposes ``app`` (a ``typer.Typer``).
"""

from __future__ import annotations

import errno
import importlib
import logging
import os
import sys

import typer

from fundguard.errors import DISK_FULL_HINT, FundguardError, ResourceLimitError
from fundguard.logs import configure_logging

# (module under fundguard.cli, command name, help)
SUBAPPS: list[tuple[str, str, str]] = [
    ("run_cmd", "run", "运行流程 (夜间批处理 / 全量重算)"),
    ("runs_cmd", "runs", "查看流程运行记录"),
    ("ingest_cmd", "ingest", "数据入库"),
    ("quarantine_cmd", "quarantine", "隔离区记录"),
    ("data_cmd", "data", "数据字典与数据质量"),
    ("generate_cmd", "generate", "生成合成城市样例数据"),
    ("rules_cmd", "rules", "规则库"),
    ("exempt_cmd", "exempt", "规则豁免(白名单)"),
    ("risk_cmd", "risk", "风险评分与异常原因"),
    ("cases_cmd", "cases", "案件审核"),
    ("credit_cmd", "credit", "信用评价"),
    ("referral_cmd", "referral", "联合执法移送"),
    ("inspect_cmd", "inspect", "检查: 双随机抽查、飞行检查"),
    ("report_cmd", "report", "报告"),
    ("reconcile_cmd", "reconcile", "基金拨付对账"),
    ("schedule_cmd", "schedule", "定时调度"),
]

app = typer.Typer(
    name="fundguard",
    help="医保基金卫士 fundguard: 医保基金智能监管 (规则、模型、案件、信用、检查、移送)。",
    pretty_exceptions_show_locals=False,
    no_args_is_help=True,
    add_completion=False,
)


@app.callback()
def _root(verbose: int = typer.Option(0, "--verbose", "-v", count=True, help="日志详细程度")) -> None:
    level = logging.WARNING - 10 * min(verbose, 2)
    configure_logging(level)


def _register() -> None:
    for module_name, name, help_text in SUBAPPS:
        try:
            module = importlib.import_module(f"fundguard.cli.{module_name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"fundguard.cli.{module_name}":
                continue  # sub-app not built yet
            raise
        sub = module.app
        if isinstance(sub, typer.Typer):
            app.add_typer(sub, name=name, help=help_text)
        else:  # a single command function
            app.command(name=name, help=help_text)(sub)


_register()


def main() -> None:
    """Entry point with the single error boundary: ``错误: …`` and an exit code by kind."""
    try:
        app(standalone_mode=False)
    except FundguardError as exc:
        if os.environ.get("FUNDGUARD_DEBUG") == "1":
            raise
        sys.stderr.write(f"错误: {exc.render()}\n")
        sys.exit(exc.exit_code)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.stderr.write("错误: 已被用户中断\n")
        sys.exit(130)
    except OSError as exc:
        if exc.errno != errno.ENOSPC or os.environ.get("FUNDGUARD_DEBUG") == "1":
            _internal_error(exc)
        full = ResourceLimitError("磁盘空间不足", location=exc.filename, hint=DISK_FULL_HINT)
        sys.stderr.write(f"错误: {full.render()}\n")
        sys.exit(full.exit_code)
    except Exception as exc:  # click usage errors and unexpected failures
        import click

        if isinstance(exc, click.exceptions.Abort):
            sys.exit(130)
        if isinstance(exc, click.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        _internal_error(exc)


def _internal_error(exc: Exception) -> None:
    if os.environ.get("FUNDGUARD_DEBUG") == "1":
        raise exc
    sys.stderr.write(
        f"错误: 内部错误 ({type(exc).__name__})；请设置 FUNDGUARD_DEBUG=1 重新运行并联系运维。\n"
    )
    sys.exit(1)

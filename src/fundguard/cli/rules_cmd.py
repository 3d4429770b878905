"""``fundguard rules``: list, show, validate, lock, run (backtest), report and catalog."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from fundguard.cli.common import get_settings
from fundguard.cli.output import FORMAT_OPTION, OutputFormat, render

app = typer.Typer(no_args_is_help=True, help="规则库: 目录、校验、回测、质量报告。")

LIST_COLUMNS = [
    ("id", "编号"), ("name", "名称"), ("category", "类别"), ("result_type", "结果类型"),
    ("legal_basis", "法律依据"), ("params", "参数"),
]
HIT_COLUMNS = [
    ("finding_id", "疑点编号"), ("finding_key", "命中键"), ("setl_id", "结算编号"),
    ("psn_no", "人员编号"), ("fixmedins_code", "机构编码"), ("staff_code", "医务人员"),
    ("event_date", "发生日期"), ("vola_amt", "违规金额"),
]
REPORT_COLUMNS = [
    ("rule_id", "规则编号"), ("name", "名称"), ("result_type", "结果类型"), ("outcome", "执行结果"),
    ("n_hits", "命中数"), ("amount", "违规金额"), ("fund_amount", "基金金额"),
    ("coverage", "输入覆盖率"), ("degraded", "覆盖不足"), ("hit_rate", "命中率(每万条)"),
    ("baseline_rate", "基线命中率"), ("fire_rate_label", "命中率状态"), ("mode_label", "发布状态"),
    ("n_exempt", "豁免疑点"), ("n_shadow", "试运行疑点"), ("schemes", "违规类型"),
    ("n_labelled", "标注数"), ("precision", "精确率"), ("recall", "召回率"),
]
SCHEME_COLUMNS = [
    ("scheme", "违规类型"), ("hit_unit", "单位"), ("rules", "规则"), ("n_labelled", "标注数"),
    ("true_pos", "命中标注数"), ("recall", "合并召回率"),
]


def _rules() -> list[Any]:
    from fundguard.rules.stage import load_project_rules

    return load_project_rules(get_settings())


@app.command("list")
def list_rules(
    category: str | None = typer.Option(None, help="类别代码, 如 billing、behavior"),
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """规则目录: 编号、名称、类别、结果类型、法律依据、参数。

    Example: fundguard rules list --category billing --format csv
    """
    from fundguard.rules.docs import catalog_row

    rows = [catalog_row(r) for r in _rules() if category in (None, r.spec.category)]
    render(rows, LIST_COLUMNS, fmt, title="规则目录")


@app.command("show")
def show_rule(rule_id: str = typer.Argument(..., help="规则编号")) -> None:
    """显示一条规则的说明、参数与 SQL。

    Example: fundguard rules show split_admission
    """
    from fundguard.rules.catalog import find_rule
    from fundguard.rules.docs import _rule_section

    rule = find_rule(_rules(), rule_id)
    typer.echo("\n".join(_rule_section(rule)))
    typer.echo("```sql\n" + rule.sql.rstrip() + "\n```")


@app.command("validate")
def validate() -> None:
    """校验全部规则: 契约、结果列、版本登记(SQL 或参数改动须提升版本)。

    Example: fundguard rules validate
    """
    from fundguard.errors import RuleDefinitionError
    from fundguard.rules.validation import library_problems

    settings = get_settings()
    rules, problems = library_problems(settings.rules_dir, settings.sql_dir, settings.config_dir)
    if problems:
        raise RuleDefinitionError(f"规则库校验未通过 ({len(problems)} 项):\n" + "\n".join(problems),
                                  location=settings.rules_dir)
    typer.echo(f"规则库校验通过: {len(rules)} 条规则。")


@app.command("lock")
def lock() -> None:
    """登记全部规则的版本与指纹到 rules/rules.lock.json (版本未提升的改动会被拒绝)。

    Example: fundguard rules lock
    """
    from fundguard.rules.catalog import write_lock

    rules = _rules()
    path = write_lock(get_settings().rules_dir, rules)
    typer.echo(f"已登记 {len(rules)} 条规则: {path}")


def _overrides(values: list[str]) -> dict[str, str]:
    pairs = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep:
            raise typer.BadParameter(f"参数须写作 名称=值: {item}", param_hint="--param")
        pairs[name.strip()] = value.strip()
    return pairs


@app.command("run")
def run_rule(
    rule_id: Annotated[str, typer.Argument(help="规则编号")],
    date_from: Annotated[datetime, typer.Option("--from", formats=["%Y-%m-%d"], help="开始日期")],
    date_to: Annotated[datetime, typer.Option("--to", formats=["%Y-%m-%d"], help="结束日期(含)")],
    param: list[str] = typer.Option([], "--param", help="覆盖参数, 名称=值, 可重复"),  # noqa: B008
    limit: int = typer.Option(100, help="最多显示条数"),
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """回测: 在历史数据上运行一条规则并显示命中(不写入疑点表)。

    Example: fundguard rules run split_admission --from 2025-01-01 --to 2025-03-31 --param window_days=14
    """
    from fundguard.db.connection import connect
    from fundguard.rules.catalog import find_rule
    from fundguard.rules.runner import RunRequest, backtest_hits

    settings = get_settings()
    rule = find_rule(_rules(), rule_id)
    request = RunRequest("backtest", date_from.date(), date_to.date(),
                         overrides={rule.id: _overrides(param)}, persist=False)
    with connect(settings, read_only=True) as con:
        rows = backtest_hits(con, rule, request, settings.sql_dir, limit)
    render(rows, HIT_COLUMNS, fmt, title=f"{rule.spec.name} 回测 {request.period_start}~{request.period_end}")


@app.command("report")
def report(
    run: str | None = typer.Option(None, "--run", help="运行编号(默认最近一次)"),
    labels: Path | None = typer.Option(None, "--labels", help="合成城市目录(含 labels/)"),  # noqa: B008
    by_scheme: bool = typer.Option(False, "--by-scheme", help="按违规类型汇总合并召回率"),
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """规则质量报告: 命中数、金额、输入覆盖率与覆盖不足、命中率突变、发布状态(试运行)、豁免疑点、
    精确率与召回率(有标注时)。

    Example: fundguard rules report --labels data_samples/city --format csv
    """
    from fundguard.db.connection import connect
    from fundguard.governance.report import with_governance
    from fundguard.rules.quality import Labels, latest_run_id, rule_quality, scheme_recall

    settings = get_settings()
    truth = Labels.from_dir(labels) if labels else None
    with connect(settings, read_only=True) as con:
        run_id = run or latest_run_id(con, settings.sql_dir)
        if by_scheme and truth is not None:
            rows = scheme_recall(con, settings.sql_dir, _rules(), run_id, truth)
            render(rows, SCHEME_COLUMNS, fmt, title=f"违规类型召回率 (运行 {run_id})")
            return
        rows = rule_quality(con, settings.sql_dir, _rules(), run_id, truth)
        rows = with_governance(con, settings.sql_dir, run_id, rows)
    render(rows, REPORT_COLUMNS, fmt, title=f"规则质量报告 (运行 {run_id})")


@app.command("catalog")
def catalog(
    out: Path | None = typer.Option(None, "--out", help="输出文件, 默认 docs/rules_catalog.md"),  # noqa: B008
) -> None:
    """根据规则 YAML 生成规则目录文档。

    Example: fundguard rules catalog
    """
    from fundguard.rules.docs import catalog_markdown

    settings = get_settings()
    path = out or settings.project_dir / "docs" / "rules_catalog.md"
    path.write_text(catalog_markdown(_rules()), encoding="utf-8")
    typer.echo(f"已生成规则目录: {path}")

"""``fundguard risk``: top-risk lists, per-entity explanations, feature drift, training, span scoring."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import typer

from fundguard.cli.common import get_settings
from fundguard.cli.output import FORMAT_OPTION, OutputFormat, render

app = typer.Typer(no_args_is_help=True, help="风险评分: 高风险主体排名、异常原因、特征漂移、模型训练、跨期(年度)评分。")

ENTITY_CHOICES = ("institution", "staff", "insured")
TOP_COLUMNS = [
    ("risk_rank", "排名"), ("entity_id", "主体编码"), ("inst_name", "机构"), ("admdvs", "区县"),
    ("period", "期间"), ("risk_score", "风险分"), ("band", "等级"), ("anomaly_pct", "异常分位"),
    ("rule_score", "规则分"), ("n_findings", "疑点数"), ("vola_amt", "疑点金额"),
    ("reason_summary", "主要原因"),
]
TOP_TABLE_COLUMNS = [
    ("risk_rank", "排名"), ("entity_id", "主体编码"), ("risk_score", "风险分"), ("band", "等级"),
    ("anomaly_pct", "异常分位"), ("rule_score", "规则分"), ("first_reason", "首要原因"),
]
REASON_COLUMNS = [
    ("label_zh", "指标"), ("value", "本主体"), ("peer_median", "同类中位数"),
    ("percentile", "百分位"), ("text_zh", "说明"),
]
DRIFT_COLUMNS = [
    ("entity_type_zh", "主体类型"), ("period", "期间"), ("label_zh", "特征"), ("psi", "PSI"),
    ("train_median", "训练中位数"), ("current_median", "当期中位数"), ("status", "状态"),
]
SCORE_FIELDS = [
    ("entity_type", "主体类型"), ("entity_id", "主体编码"), ("inst_name", "机构"), ("period", "期间"),
    ("peer_group", "同类组"), ("risk_score", "风险分"), ("risk_rank", "排名"), ("band", "等级"),
    ("anomaly_pct", "异常分位"), ("rule_score", "规则分"), ("n_findings", "疑点数"),
    ("vola_amt", "疑点金额"), ("supervised_pct", "反馈模型分位"), ("model_version", "模型版本"),
]


def _entity(value: str | None, option: str = "--entity") -> str | None:
    if value is not None and value not in ENTITY_CHOICES:
        raise typer.BadParameter(f"主体类型应为 {'/'.join(ENTITY_CHOICES)}", param_hint=option)
    return value


@app.command("top")
def top(
    entity: str = typer.Option("institution", "--entity", "-e", help="institution/staff/insured"),
    n: int = typer.Option(20, "--n", help="显示前 N 名"),
    district: str | None = typer.Option(None, help="区县区划代码或区县名称"),
    period: str | None = typer.Option(None, help="评分期 YYYY-MM 或跨期 YYYY-MM..YYYY-MM, 默认最近一期"),
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """最近一次评分中风险最高的主体及主要原因。

    Example: fundguard risk top --entity institution --n 20 --district 310101
    """
    from fundguard.anomaly.queries import ENTITY_ZH, TopQuery, top_entities
    from fundguard.db.connection import connect

    settings = get_settings()
    query = TopQuery(_entity(entity) or "institution", n, district, period)
    with connect(settings, read_only=True) as con:
        rows = top_entities(con, settings.sql_dir, query)
    columns = TOP_TABLE_COLUMNS if fmt is OutputFormat.table else TOP_COLUMNS
    render(rows, columns, fmt, title=f"高风险{ENTITY_ZH[query.entity_type]}排名")


@app.command("explain")
def explain(
    entity_id: str = typer.Argument(..., help="主体编码 (机构编码/人员编码/人员编号)"),
    entity: str | None = typer.Option(None, "--entity", "-e", help="institution/staff/insured"),
    period: str | None = typer.Option(None, help="评分期 YYYY-MM 或跨期 YYYY-MM..YYYY-MM, 默认最近一期"),
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """一个主体的风险分与逐项原因 (本主体值、同类中位数、百分位)。

    Example: fundguard risk explain H23030200001 --entity institution
    """
    from fundguard.anomaly.queries import ENTITY_ZH, entity_explanation
    from fundguard.db.connection import connect

    settings = get_settings()
    with connect(settings, read_only=True) as con:
        row = entity_explanation(con, settings.sql_dir, entity_id, _entity(entity), period)
    if fmt is OutputFormat.table:
        _print_score_card(row, ENTITY_ZH)
    render(row["reasons"], REASON_COLUMNS, fmt, title="异常原因")


def _print_score_card(row: dict[str, Any], entity_zh: dict[str, str]) -> None:
    from rich.console import Console

    console = Console()
    for key, label in SCORE_FIELDS:
        value = row.get(key)
        if key == "entity_type":
            value = entity_zh.get(str(value), value)
        if isinstance(value, float):
            value = round(value, 1)
        if value is not None:
            console.print(f"{label}: {value}")


@app.command("drift")
def drift(
    entity: str | None = typer.Option(None, "--entity", "-e", help="institution/staff/insured"),
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """最近一次评分的特征漂移 (相对训练快照的 PSI; ≥0.25 为显著漂移)。

    Example: fundguard risk drift --entity insured --format csv
    """
    from fundguard.anomaly.queries import ENTITY_ZH, latest_drift
    from fundguard.db.connection import connect

    settings = get_settings()
    with connect(settings, read_only=True) as con:
        rows = latest_drift(con, settings.sql_dir, _entity(entity))
    rows = [dict(r, entity_type_zh=ENTITY_ZH.get(r["entity_type"], r["entity_type"])) for r in rows]
    columns = DRIFT_COLUMNS if fmt is OutputFormat.table else [("entity_type", "主体类型代码"),
                                                               *DRIFT_COLUMNS]
    render(rows, columns, fmt, title="特征漂移")


@app.command("train")
def train(
    start: str = typer.Option(..., help="训练区间开始日期 YYYY-MM-DD"),
    end: str = typer.Option(..., help="训练区间结束日期 YYYY-MM-DD"),
) -> None:
    """在指定区间的特征上重新训练孤立森林, 保存模型产物与漂移基准快照。

    Example: fundguard risk train --start 2026-01-01 --end 2026-03-31
    """
    from fundguard.anomaly.features import span_window
    from fundguard.anomaly.stage import train_models
    from fundguard.db.connection import writer_lock

    settings = get_settings()
    window = span_window(_date(start, "--start"), _date(end, "--end"))
    with writer_lock(settings, "risk train"):
        trained = train_models(settings, window)
    for entity_type, n_rows in trained.items():
        typer.echo(f"已训练 {entity_type}: {n_rows} 个主体 (期间 {window.label})")
    if not trained:
        typer.echo("区间内没有可训练的主体 (无结算数据)")


@app.command("score")
def score(
    start: str = typer.Option(..., help="评分区间开始日期 YYYY-MM-DD"),
    end: str = typer.Option(..., help="评分区间结束日期 YYYY-MM-DD"),
) -> None:
    """把整个区间作为一期, 对每个机构、医务人员、参保人各评一次分 (年度检查计划、信用评价)。

    使用夜间批处理或 `risk train` 已训练的模型 (不重新训练); 高风险名额按审核能力 × 月数计算。
    结果按期间 (如 2026-01..2026-12) 写入, 用 `risk top --period` 查看。

    Example: fundguard risk score --start 2026-01-01 --end 2026-12-31
    """
    from fundguard.anomaly.features import span_window
    from fundguard.anomaly.queries import ENTITY_ZH
    from fundguard.anomaly.stage import score_span
    from fundguard.db.connection import writer_lock
    from fundguard.ops.runs import new_run_id

    settings = get_settings()
    first, last = _date(start, "--start"), _date(end, "--end")
    if first > last:
        raise typer.BadParameter("开始日期不能晚于结束日期", param_hint="--start")
    window = span_window(first, last)
    run_id = new_run_id("risk-score", datetime.now().astimezone().date())
    with writer_lock(settings, "risk score"):
        counts = score_span(settings, run_id, window)
    scored = {et: counts.get(f"{et}_scored", 0) for et in ENTITY_CHOICES}
    if not any(scored.values()):
        typer.echo(f"区间 {window.label} 内没有可评分的主体 (无结算数据)")
        return
    for entity_type, n in scored.items():
        typer.echo(f"已评分 {ENTITY_ZH[entity_type]}: {n} 个, 其中高风险 "
                   f"{counts.get(f'{entity_type}_high', 0)} 个")
    typer.echo(f"期间 {window.label}, 运行编号 {run_id}; "
               f"查看排名: fundguard risk top --period {window.label}")


def _date(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"日期格式应为 YYYY-MM-DD: {text}", param_hint=option) from None

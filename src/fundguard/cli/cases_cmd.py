"""``fundguard cases``: list, show, decide, assign, export and build review cases."""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated, Any

import typer

from fundguard.cases.store import CaseFilter
from fundguard.cli.common import get_settings
from fundguard.cli.output import FORMAT_OPTION, OutputFormat, render

app = typer.Typer(no_args_is_help=True, help="案件审核: 列表、详情、审核决定、分派、导出。")

LIST_COLUMNS = [
    ("case_id", "案件编号"), ("entity_type_zh", "主体类型"), ("entity_id", "主体编码"), ("period", "期间"),
    ("behaviour_group", "行为组"), ("source", "来源"), ("queue", "队列"), ("status", "状态"),
    ("overdue", "超期(天)"),
    ("disposition", "结论"), ("priority", "优先级"), ("amt_identified", "发现金额"),
    ("amt_confirmed", "认定金额"), ("n_findings", "疑点数"), ("assignee", "承办人"),
]
TABLE_KEYS = ("case_id", "entity_type_zh", "entity_id", "period", "source", "status", "overdue",
              "priority", "amt_identified", "assignee")
PRIVATE_EVIDENCE_KEYS = ("name", "certno", "diag", "dise", "icd")


def money(text: str | None, option: str) -> Decimal | None:
    """A DECIMAL amount from an option value (two decimals), or None."""
    if text is None:
        return None
    try:
        return Decimal(text).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise typer.BadParameter(f"金额格式不正确: {text}", param_hint=option) from None


def redacted_evidence(evidence: Any) -> Any:
    """Evidence without names, ID numbers or diagnoses (those go only to referral packages)."""
    data = json.loads(evidence) if isinstance(evidence, str) else evidence
    if not isinstance(data, dict):
        return data
    return {k: v for k, v in data.items() if not any(p in k.lower() for p in PRIVATE_EVIDENCE_KEYS)}


def _list_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    from fundguard.cases.config import workflow_config
    from fundguard.cases.export import with_labels
    from fundguard.cases.workflow import days_overdue

    limits = workflow_config(get_settings().config_dir).time_limits_days
    today = datetime.now().date()
    return [dict(r, overdue=days_overdue(r["status"], r["status_since"] or r["updated_at"], today, limits))
            for r in with_labels(rows)]


@app.command("list")
def list_cases(
    status: str | None = typer.Option(None, help="状态: 初审/复审/申诉/核查/处理/结案"),
    district: str | None = typer.Option(None, help="区县区划代码或区县名称"),
    queue: str | None = typer.Option(None, help="审核队列, 如 鸡冠区/医疗机构"),
    rule: str | None = typer.Option(None, "--rule", help="含该规则疑点的案件"),
    assignee: str | None = typer.Option(None, help="承办人"),
    min_priority: str | None = typer.Option(None, "--min-priority", help="最低优先级"),
    limit: int = typer.Option(200, help="最多显示条数"),
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """按状态、区县、规则、优先级、承办人筛选案件。

    Example: fundguard cases list --status 初审 --district 鸡冠区 --format csv
    """
    from fundguard.cases.store import listed_cases
    from fundguard.db.connection import connect

    settings = get_settings()
    flt = CaseFilter(status=status, district=district, queue=queue, assignee=assignee,
                     rule_id=rule, min_priority=money(min_priority, "--min-priority"), limit=limit)
    with connect(settings, read_only=True) as con:
        rows = listed_cases(con, settings.sql_dir, flt)
    columns = LIST_COLUMNS if fmt is not OutputFormat.table else [
        c for c in LIST_COLUMNS if c[0] in TABLE_KEYS]
    render(_list_rows(rows), columns, fmt, title="案件列表")


@app.command("show")
def show_case(case_id: str, fmt: OutputFormat = FORMAT_OPTION) -> None:
    """案件详情: 案件来源, 疑点与费用明细、规则与法律依据、检查结果、风险原因、处理记录。

    Example: fundguard cases show C0123456789ABCDE
    """
    from fundguard.cases.inspections import case_inspections
    from fundguard.cases.store import case_findings, case_flags, case_history, case_lines, case_row
    from fundguard.db.connection import connect

    settings = get_settings()
    with connect(settings, read_only=True) as con:
        sections = {
            "case": case_row(con, settings.sql_dir, case_id),
            "findings": case_findings(con, settings.sql_dir, case_id),
            "lines": case_lines(con, settings.sql_dir, case_id),
            "flags": case_flags(con, settings.sql_dir, case_id),
            "inspections": case_inspections(con, settings.sql_dir, case_id),
            "history": case_history(con, settings.sql_dir, case_id),
        }
    _print_sections(sections, fmt)


def _print_sections(sections: dict[str, Any], fmt: OutputFormat) -> None:
    from fundguard.cases.export import (
        CASE_COLUMNS,
        EVENT_COLUMNS,
        FINDING_COLUMNS,
        INSPECTION_COLUMNS,
        LINE_COLUMNS,
        events_with_labels,
        with_labels,
    )

    findings = [dict(f, evidence=redacted_evidence(f["evidence"])) for f in sections["findings"]]
    reasons = [dict(r, text_zh=r.get("text_zh")) for flag in sections["flags"]
               for r in (json.loads(flag["reasons"]) if flag["reasons"] else [])]
    parts = [
        ("案件", [dict(zip(("item", "value"), kv, strict=True)) for kv in _summary_pairs(
            with_labels([sections["case"]])[0], CASE_COLUMNS)], [("item", "项目"), ("value", "内容")]),
        ("疑点 (规则与法律依据)", findings, [*_finding_columns(fmt, FINDING_COLUMNS), ("evidence", "证据")]),
        ("费用明细", sections["lines"], LINE_COLUMNS),
        ("检查结果", sections["inspections"], INSPECTION_COLUMNS),
        ("风险原因", reasons, [("feature", "特征"), ("text_zh", "说明")]),
        ("处理记录", events_with_labels(sections["history"]), EVENT_COLUMNS),
    ]
    if fmt is not OutputFormat.table:
        payload = {title: [{k: r.get(k) for k, _ in cols} for r in rows]
                   for title, rows, cols in parts}
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=1, default=str))
        return
    for title, rows, cols in parts:
        render(rows, cols, fmt, title=title)


def _finding_columns(fmt: OutputFormat, columns: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """All finding columns for json/csv; the ones a reviewer reads first for the table."""
    if fmt is not OutputFormat.table:
        return columns[1:]
    short = ("rule_id", "rule_version", "rule_name", "legal_basis", "setl_id", "event_date", "vola_amt")
    return [c for c in columns if c[0] in short]


def _summary_pairs(case: dict[str, Any], columns: list[tuple[str, str]]) -> list[tuple[str, Any]]:
    extra = [("legal_basis", "法律依据"), ("result_type", "结果类型"), ("risk_score", "风险分"),
             ("measure", "处理方式"), ("disposition_reason", "认定理由"), ("district", "区县区划")]
    return [(label, case.get(key)) for key, label in [*columns, *extra]]


@app.command("decide")
def decide_case(
    case_id: str,
    action: str = typer.Option(..., help="submit/return/notify/appeal/no_appeal/confirm_violation/"
                                        "confirm_fraud/dismiss/close/reopen/rectify"),
    reason: str = typer.Option(..., help="理由 (必填; 申诉时填写申诉意见摘要)"),
    by: str = typer.Option(..., "--by", help="操作人账号"),
    amount: str | None = typer.Option(None, help="认定金额(元), 确认时可填, 默认为发现金额"),
    measure: str | None = typer.Option(None, help="处理方式 (结案时必填): 协议处理/行政处罚/移送"),
    returned: str | None = typer.Option(None, help="退回金额(元)"),
    fined: str | None = typer.Option(None, help="罚款金额(元)"),
    self_corrected: bool = typer.Option(False, "--self-corrected", help="机构自查自纠"),
    voluntary_return: bool = typer.Option(False, "--voluntary-return", help="机构主动退回"),
    responsible: Annotated[list[str] | None, typer.Option(
        "--responsible", help="负有责任的医务人员编码 (结案时, 可多次; 将按条款记分)")] = None,
) -> None:
    """记录一项审核决定 (按法定步骤; 非法步骤将被拒绝)。

    Example: fundguard cases decide C0123456789ABCDE --action submit --reason 疑点成立 --by zhangsan
    """
    from fundguard.cases.store import record_decision
    from fundguard.cases.workflow import ACTION_LABELS, Decision
    from fundguard.db.sqlrun import writing_connection

    flags: dict[str, Any] = {k: True for k, v in (("self_corrected", self_corrected),
                                                  ("voluntary_return", voluntary_return)) if v}
    if responsible:
        flags["responsible_staff"] = sorted(set(responsible))
    decision = Decision(action=action, actor=by, reason=reason, amount=money(amount, "--amount"),
                        measure=measure, returned=money(returned, "--returned"),
                        fined=money(fined, "--fined"), flags=flags)
    settings = get_settings()
    with writing_connection(settings, f"cases decide {case_id}") as con:
        new = record_decision(con, settings.sql_dir, case_id, decision)
    typer.echo(f"已记录: 案件 {case_id} {ACTION_LABELS.get(action, action)} → 状态 {new['status']}")


@app.command("assign")
def assign_cases(
    case_ids: Annotated[list[str] | None, typer.Argument(help="案件编号 (可多个)")] = None,
    to: str = typer.Option(..., "--to", help="承办人账号"),
    by: str = typer.Option(..., "--by", help="操作人账号"),
    queue: str | None = typer.Option(None, help="把该队列中未分派的未结案件全部分派"),
) -> None:
    """把案件分派给承办人 (按编号或按队列)。

    Example: fundguard cases assign --queue 鸡冠区/医疗机构 --to lisi --by zhangsan
    """
    from fundguard.cases.store import assign_to
    from fundguard.db.sqlrun import writing_connection

    settings = get_settings()
    with writing_connection(settings, "cases assign") as con:
        done = assign_to(con, settings.sql_dir, list(case_ids or []), queue, to, by)
    typer.echo(f"已分派 {len(done)} 件案件给 {to}")


@app.command("export")
def export_cases(
    out: Annotated[Path, typer.Option("--out", help="输出 XLSX 文件")],
    case_id: str | None = typer.Option(None, "--case", help="只导出一件案件 (含费用明细与处理记录)"),
    queue: str | None = typer.Option(None, help="审核队列"),
    status: str | None = typer.Option(None, help="状态"),
    district: str | None = typer.Option(None, help="区县"),
    limit: int = typer.Option(10000, help="最多导出案件数"),
) -> None:
    """导出案件清单 (XLSX, 中文表头)。

    Example: fundguard cases export --queue 鸡冠区/医疗机构 --out var/exports/queue.xlsx
    """
    from fundguard.cases.export import export_cases_xlsx
    from fundguard.cases.store import case_row
    from fundguard.db.connection import connect

    settings = get_settings()
    flt = CaseFilter(status=status, district=district, queue=queue, case_id=case_id, limit=limit)
    with connect(settings, read_only=True) as con:
        if case_id:
            case_row(con, settings.sql_dir, case_id)
        path, n = export_cases_xlsx(con, settings.sql_dir, flt, out)
    typer.echo(f"已导出 {n} 件案件: {path}")


@app.command("build")
def build(run_id: str | None = typer.Option(None, help="记录的运行编号")) -> None:
    """把尚未立案的疑点和高风险标记归入案件 (夜间流程也会执行)。

    Example: fundguard cases build
    """
    from fundguard.cases.build import build_cases
    from fundguard.cases.config import effective_config
    from fundguard.db.sqlrun import writing_connection

    settings = get_settings()
    with writing_connection(settings, "cases build") as con:
        cfg = effective_config(settings.config_dir, settings.rules_dir)
        result = build_cases(con, settings.sql_dir, cfg, run_id)
    typer.echo(f"新立案 {result.new_cases} 件, 追加 {result.appended_cases} 件, "
               f"重新立案 {result.reopened_cases} 件, 归入疑点 {result.linked_findings} 条")


@app.command("savings")
def savings(fmt: OutputFormat = FORMAT_OPTION) -> None:
    """追回台账: 按规则和模型统计 发现 → 认定 → 追回金额, 以及按审核结论计算的规则精确率。

    Example: fundguard cases savings --format csv
    """
    from fundguard.db.connection import connect
    from fundguard.db.sqlrun import query_dicts

    settings = get_settings()
    with connect(settings, read_only=True) as con:
        rows = query_dicts(con, settings.sql_dir, "cases/savings_list")
    kinds = {"rule": "规则", "model": "模型"}
    render([dict(r, source_type=kinds.get(r["source_type"], r["source_type"])) for r in rows],
           [("source_type", "来源"), ("source_id", "规则/模型"), ("n_cases", "案件数"),
            ("amt_identified", "发现金额"), ("amt_confirmed", "认定金额"), ("amt_recovered", "追回金额"),
            ("amt_fined", "罚款金额"), ("n_decided", "已审疑点"), ("n_confirmed", "确认疑点"),
            ("precision", "精确率")], fmt, title="追回台账与规则精确率")

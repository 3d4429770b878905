"""``fundguard exempt``: register, list, show and revoke rule exemptions (白名单/豁免)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated

import typer

from fundguard.cli.common import get_settings
from fundguard.cli.output import FORMAT_OPTION, OutputFormat, render

app = typer.Typer(no_args_is_help=True,
                  help="规则豁免(白名单): 登记、查询、撤销; 每次登记和撤销均记入审计记录。")

LIST_COLUMNS = [
    ("exemption_id", "豁免编号"), ("rule_id", "规则编号"), ("scope", "范围"), ("reason", "豁免理由"),
    ("approver", "批准人"), ("doc_no", "批准文号"), ("valid_from", "有效期起"), ("valid_to", "有效期止"),
    ("status_label", "状态"), ("revoked_from", "撤销生效日"), ("n_findings", "豁免疑点数"),
    ("amt_findings", "豁免金额(元)"), ("n_in_case", "其中已立案"), ("created_by", "登记人"),
    ("created_at", "登记时间"),
]
TABLE_KEYS = ("exemption_id", "rule_id", "scope", "doc_no", "valid_from", "valid_to", "status_label",
              "n_findings", "amt_findings")
EVENT_COLUMNS = [("seq", "序号"), ("event_at", "时间"), ("actor", "操作人"), ("action_label", "动作"),
                 ("effective_date", "生效日期"), ("reason", "理由")]
FINDING_COLUMNS = [("finding_id", "疑点编号"), ("rule_id", "规则编号"), ("setl_id", "结算编号"),
                   ("fixmedins_code", "机构编码"), ("staff_code", "医务人员"), ("event_date", "发生日期"),
                   ("vola_amt", "违规金额"), ("case_id", "所在案件")]
STATUS_CHOICES = {"生效中": "active", "未生效": "pending", "已到期": "expired", "已撤销": "revoked"}
DATE_FORMATS = ["%Y-%m-%d"]


def _status_code(text: str | None) -> str | None:
    if text is None or text == "全部":
        return None
    code = STATUS_CHOICES.get(text, text)
    if code not in STATUS_CHOICES.values():
        raise typer.BadParameter(f"可选: {'/'.join(STATUS_CHOICES)}/全部", param_hint="--status")
    return code


@app.command("add")
def add(
    rule: Annotated[str, typer.Option("--rule", help="规则编号 (必填)")],
    reason: Annotated[str, typer.Option("--reason", help="豁免理由 (必填)")],
    approver: Annotated[str, typer.Option("--approver", help="批准人 (必填)")],
    doc_no: Annotated[str, typer.Option("--doc-no", help="批准文号 (必填)")],
    valid_to: Annotated[datetime, typer.Option("--to", formats=DATE_FORMATS,
                                               help="有效期止 (必填, 含当日)")],
    by: Annotated[str, typer.Option("--by", help="登记人账号 (必填)")],
    valid_from: Annotated[datetime | None, typer.Option("--from", formats=DATE_FORMATS,
                                                        help="有效期起, 默认今天")] = None,
    institution: Annotated[str | None, typer.Option("--institution", help="定点医药机构编码")] = None,
    staff: Annotated[str | None, typer.Option("--staff", help="医务人员编码")] = None,
    insured: Annotated[str | None, typer.Option("--insured", help="参保人员编号")] = None,
    item: Annotated[str | None, typer.Option("--item", help="医保目录编码 (med_list_codg)")] = None,
) -> None:
    """登记一项豁免: 规则 + 至少一个范围 (机构/医务人员/参保人/项目), 须有理由、批准人、批准文号和到期日。

    Example: fundguard exempt add --rule price_over_cap --institution H23030200001 --item 001203000010000
    --reason 省局批复特需服务价格 --approver 李科长 --doc-no 黑医保函〔2026〕12号 --to 2026-12-31 --by zhangsan
    """
    from fundguard.db.sqlrun import writing_connection
    from fundguard.governance.config import governance_config
    from fundguard.governance.exemptions import (
        ExemptionRequest,
        ExemptionScope,
        add_exemption,
    )
    from fundguard.rules.catalog import find_rule
    from fundguard.rules.stage import load_project_rules

    settings = get_settings()
    spec = find_rule(load_project_rules(settings), rule).spec
    scope = ExemptionScope(institution, staff, insured, item)
    req = ExemptionRequest(rule, scope, reason, approver, doc_no,
                           (valid_from or datetime.now()).date(), valid_to.date(), by)
    policy = governance_config(settings.config_dir).exemptions
    with writing_connection(settings, "exempt add") as con:
        exemption_id = add_exemption(con, settings.sql_dir, req, spec, policy)
    typer.echo(f"已登记豁免 {exemption_id}: 规则 {rule} ({spec.name}), 范围 "
               f"{scope.text()}, 有效期 {req.valid_from} 至 {req.valid_to}, "
               f"批准文号 {doc_no}")


@app.command("list")
def list_(
    status: Annotated[str | None, typer.Option(
        "--status", help="生效中/未生效/已到期/已撤销/全部 (默认全部)")] = None,
    rule: Annotated[str | None, typer.Option("--rule", help="规则编号")] = None,
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """豁免清单: 范围、批准文号、有效期、状态、豁免的疑点数与金额。

    Example: fundguard exempt list --status 生效中 --format csv
    """
    from fundguard.db.connection import connect
    from fundguard.governance.exemptions import list_exemptions

    settings = get_settings()
    with connect(settings, read_only=True) as con:
        rows = list_exemptions(con, settings.sql_dir, datetime.now().date(), _status_code(status), rule)
    columns = LIST_COLUMNS if fmt is not OutputFormat.table else [
        c for c in LIST_COLUMNS if c[0] in TABLE_KEYS]
    render(rows, columns, fmt, title="规则豁免清单")


@app.command("show")
def show(exemption_id: Annotated[str, typer.Argument(help="豁免编号")],
         limit: int = typer.Option(50, help="最多显示的豁免疑点数"),
         fmt: OutputFormat = FORMAT_OPTION) -> None:
    """豁免详情: 范围与批准信息、审计记录 (登记/撤销)、豁免的疑点。

    Example: fundguard exempt show EX20260401-001
    """
    from fundguard.db.connection import connect
    from fundguard.governance.exemptions import exemption_findings, exemption_history, exemption_row

    settings = get_settings()
    with connect(settings, read_only=True) as con:
        row = exemption_row(con, settings.sql_dir, exemption_id, datetime.now().date())
        history = exemption_history(con, settings.sql_dir, exemption_id)
        findings = exemption_findings(con, settings.sql_dir, exemption_id, limit)
    summary = [{"item": label, "value": row.get(key)} for key, label in
               [*LIST_COLUMNS, ("revoked_by", "撤销人"), ("revoke_reason", "撤销理由")]]
    parts = [("豁免", summary, [("item", "项目"), ("value", "内容")]),
             ("审计记录", history, EVENT_COLUMNS), ("豁免的疑点", findings, FINDING_COLUMNS)]
    if fmt is not OutputFormat.table:
        payload = {title: [{k: r.get(k) for k, _ in cols} for r in rows] for title, rows, cols in parts}
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=1, default=str))
        return
    for title, rows, cols in parts:
        render(rows, cols, fmt, title=title)


@app.command("revoke")
def revoke(
    exemption_id: Annotated[str, typer.Argument(help="豁免编号")],
    reason: Annotated[str, typer.Option("--reason", help="撤销理由 (必填)")],
    by: Annotated[str, typer.Option("--by", help="操作人账号 (必填)")],
    effective: Annotated[datetime | None, typer.Option(
        "--effective", formats=DATE_FORMATS, help="自该日(含)起不再豁免, 默认今天")] = None,
) -> None:
    """撤销一项豁免: 自生效日起发生的疑点不再豁免 (此前的仍按原豁免处理)。

    Example: fundguard exempt revoke EX20260401-001 --reason 批复已废止 --by zhangsan
    """
    from fundguard.db.sqlrun import writing_connection
    from fundguard.governance.exemptions import revoke_exemption

    settings = get_settings()
    with writing_connection(settings, "exempt revoke") as con:
        row = revoke_exemption(con, settings.sql_dir, exemption_id, by, reason,
                               effective.date() if effective else None)
    typer.echo(f"已撤销豁免 {exemption_id}: 自 {row['revoked_from']} 起不再适用; "
               f"此前豁免疑点 {row['n_findings']} 条保留豁免记录")

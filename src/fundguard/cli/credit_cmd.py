"""``fundguard credit``: institution grades, points ledger, staff scoring, red/black lists."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Annotated

import typer

from fundguard.cli.common import get_settings
from fundguard.cli.output import FORMAT_OPTION, OutputFormat, render

app = typer.Typer(no_args_is_help=True, help="信用评价: 机构等级与积分台账、人员记分、红黑名单。")

RATING_COLUMNS = [
    ("entity_id", "机构编码"), ("fixmedins_name", "机构名称"), ("district", "区县"), ("grade", "等级"),
    ("score", "信用分"), ("as_of", "评价日期"), ("inspection_weight", "抽查权重"), ("source", "来源"),
]
LEDGER_COLUMNS = [("entry_date", "日期"), ("kind", "类型"), ("points", "分值"), ("basis", "依据"),
                  ("case_id", "案件编号"), ("reason", "事由")]
STAFF_COLUMNS = [("psn_code", "人员国家编码"), ("score_year", "年度"), ("points", "累计记分"),
                 ("n_events", "记分次数"), ("status_zh", "支付资格状态")]
AS_OF_OPTION = typer.Option(None, "--as-of", help="评价日期 YYYY-MM-DD (默认今天)")


def _as_of(value: str | None) -> date:
    try:
        return date.fromisoformat(value) if value else datetime.now().date()
    except ValueError:
        raise typer.BadParameter(f"日期格式应为 YYYY-MM-DD: {value}", param_hint="--as-of") from None


@app.command("list")
def list_ratings(grade: str | None = typer.Option(None, help="只看某一等级"),
                 fmt: OutputFormat = FORMAT_OPTION) -> None:
    """现行信用等级列表 (分数从低到高)。

    Example: fundguard credit list --grade E
    """
    from fundguard.db.connection import connect
    from fundguard.db.sqlrun import query_dicts

    settings = get_settings()
    with connect(settings, read_only=True) as con:
        rows = query_dicts(con, settings.sql_dir, "credit/ratings_list",
                           {"grade": grade, "entity_id": None})
    render(rows, RATING_COLUMNS, fmt, title="信用等级")


@app.command("show")
def show_rating(entity_id: str, fmt: OutputFormat = FORMAT_OPTION) -> None:
    """一家机构的现行等级、说明、恢复途径、后果与评价历史。

    Example: fundguard credit show H23030200001
    """
    from fundguard.db.connection import connect
    from fundguard.db.sqlrun import query_dicts
    from fundguard.errors import NotFoundError

    settings = get_settings()
    with connect(settings, read_only=True) as con:
        current = query_dicts(con, settings.sql_dir, "credit/ratings_list",
                              {"grade": None, "entity_id": entity_id})
        history = query_dicts(con, settings.sql_dir, "credit/rating_history", {"entity_id": entity_id})
    if not current:
        raise NotFoundError(f"没有该机构的信用评价: {entity_id}", hint="请先运行信用计算 (夜间流程)。")
    items = [("等级", "grade"), ("信用分", "score"), ("评价日期", "as_of"), ("来源", "source"),
             ("说明", "explanation"), ("恢复上一等级", "next_grade_hint"), ("后果", "consequences"),
             ("抽查权重", "inspection_weight")]
    render([{"item": k, "value": current[0][v]} for k, v in items],
           [("item", "项目"), ("value", "内容")], fmt, title=f"信用评价 {entity_id}")
    render(history, [("as_of", "评价日期"), ("grade", "等级"), ("score", "信用分"), ("source", "来源"),
                     ("overridden_by", "调整人"), ("explanation", "说明")], fmt, title="评价历史")


@app.command("ledger")
def show_ledger(entity_id: str, fmt: OutputFormat = FORMAT_OPTION) -> None:
    """一家机构的信用积分台账 (扣分、加分、修复)。

    Example: fundguard credit ledger H23030200001 --format csv
    """
    from dataclasses import asdict

    from fundguard.credit.grades import KIND_ZH
    from fundguard.credit.ledger import ledger_of
    from fundguard.db.connection import connect

    settings = get_settings()
    with connect(settings, read_only=True) as con:
        entries = ledger_of(con, settings.sql_dir, entity_id).get(entity_id, [])
    rows = [dict(asdict(e), kind=KIND_ZH.get(e.kind, e.kind)) for e in entries]
    render(rows, LEDGER_COLUMNS, fmt, title=f"信用积分台账 {entity_id}")


@app.command("staff")
def staff_scores(psn_code: str | None = typer.Argument(None, help="人员国家编码 (默认全部)"),
                 fmt: OutputFormat = FORMAT_OPTION) -> None:
    """医务人员医保支付资格记分 (按年累计) 与状态。

    Example: fundguard credit staff
    """
    from fundguard.db.connection import connect
    from fundguard.db.sqlrun import query_dicts

    settings = get_settings()
    with connect(settings, read_only=True) as con:
        rows = query_dicts(con, settings.sql_dir, "credit/staff_scores", {"psn_code": psn_code})
    render(rows, STAFF_COLUMNS, fmt, title="医保支付资格记分")


@app.command("lists")
def export_lists(out: Annotated[Path, typer.Option("--out", help="输出 XLSX 文件")],
                 as_of: str | None = AS_OF_OPTION) -> None:
    """导出红名单与黑名单 (XLSX, 中文表头)。

    Example: fundguard credit lists --out var/exports/红黑名单.xlsx
    """
    from fundguard.credit.config import institution_config
    from fundguard.credit.lists import export_credit_lists
    from fundguard.db.connection import connect

    settings = get_settings()
    with connect(settings, read_only=True) as con:
        counts = export_credit_lists(con, settings.sql_dir, institution_config(settings.config_dir),
                                     _as_of(as_of), out)
    typer.echo("已导出 " + "，".join(f"{k} {v} 条" for k, v in counts.items()) + f": {out}")


@app.command("override")
def override(entity_id: str, grade: str = typer.Option(..., help="调整后的等级"),
             reason: str = typer.Option(..., help="调整理由"), by: str = typer.Option(..., "--by"),
             as_of: str | None = AS_OF_OPTION) -> None:
    """人工调整机构信用等级 (追加一条 override 记录, 原计算结果保留)。

    Example: fundguard credit override H23030200001 --grade C --reason 复议决定 --by wangwu
    """
    from fundguard.credit.config import institution_config
    from fundguard.credit.ledger import override_rating
    from fundguard.db.sqlrun import writing_connection

    settings = get_settings()
    with writing_connection(settings, f"credit override {entity_id}") as con:
        rating = override_rating(con, settings.sql_dir, institution_config(settings.config_dir),
                                 entity_id, grade, reason, by, _as_of(as_of))
    typer.echo(f"已调整: {entity_id} → {rating.grade} 级")


@app.command("recompute")
def recompute(as_of: str | None = AS_OF_OPTION, run_id: str | None = typer.Option(None)) -> None:
    """按已认定案件重算信用台账、等级、人员记分与参保人措施 (夜间流程也会执行)。

    Example: fundguard credit recompute --as-of 2026-03-31
    """
    from fundguard.credit.stage import recompute_credit
    from fundguard.db.sqlrun import writing_connection

    settings = get_settings()
    with writing_connection(settings, "credit recompute") as con:
        counts = recompute_credit(con, settings.sql_dir, settings.config_dir, _as_of(as_of), run_id)
    typer.echo("信用重算完成: " + "，".join(f"{k}={v}" for k, v in counts.items()))


@app.command("measures")
def insured_measures(as_of: str | None = typer.Option(None, "--as-of", help="只看该日有效的措施"),
                     fmt: OutputFormat = FORMAT_OPTION) -> None:
    """参保人处理措施 (暂停联网结算等)。

    Example: fundguard credit measures --as-of 2026-04-30
    """
    from fundguard.db.connection import connect
    from fundguard.db.sqlrun import query_dicts

    settings = get_settings()
    day = _as_of(as_of) if as_of else None
    with connect(settings, read_only=True) as con:
        rows = query_dicts(con, settings.sql_dir, "credit/insured_measures_list", {"as_of": day})
    render(rows, [("psn_no", "人员编号"), ("measure", "措施"), ("begin_date", "开始日期"),
                  ("end_date", "结束日期"), ("months", "月数"), ("case_id", "案件编号"),
                  ("reason", "原因")], fmt, title="参保人处理措施")

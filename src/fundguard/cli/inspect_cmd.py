"""``fundguard inspect``: 双随机一公开 draws, flying-inspection lists, dossiers, results, estimates."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Annotated

import typer

from fundguard.cli.common import get_settings
from fundguard.cli.output import FORMAT_OPTION, OutputFormat, render

app = typer.Typer(no_args_is_help=True, help="检查: 双随机抽查、飞行检查清单、检查档案、结果录入与估计。")

DRAW_COLUMNS = [("fixmedins_code", "机构编码"), ("stratum", "抽样层"), ("credit_grade", "信用等级"),
                ("grade_source", "等级来源"), ("selection_kind", "入选方式"),
                ("inclusion_prob", "入样概率"), ("team", "检查组")]
DRAWS_COLUMNS = [("draw_id", "抽查编号"), ("plan_name", "计划"), ("seed", "种子"),
                 ("n_objects", "名录库对象数"), ("n_selected", "抽中数"),
                 ("algorithm_version", "算法版本"), ("created_at", "抽取时间")]
KIND_ZH = {"risk": "风险必选", "random": "随机抽取", "excluded": "排除"}
GRADE_SOURCE_ZH = {"credit_rating": "信用评价", "default": "默认等级(尚无评价)"}


def _window(date_from: str | None, date_to: str | None) -> tuple[date, date]:
    end = date.fromisoformat(date_to) if date_to else datetime.now().date()
    start = date.fromisoformat(date_from) if date_from else end - timedelta(days=365)
    return start, end


@app.command("draw")
def draw(
    plan_path: Annotated[Path, typer.Option("--plan", help="抽查计划 YAML", exists=True, dir_okay=False)],
    seed: Annotated[int, typer.Option("--seed", help="随机种子(公开, 用于复现)")],
    roster_path: Annotated[Path | None, typer.Option(
        "--roster", help="检查人员名录库 (默认 config/inspection/inspectors.csv)")] = None,
    out: Annotated[Path | None, typer.Option("--out", help="公示名单输出目录")] = None,
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """按计划进行双随机抽取, 保存抽查记录并导出公示名单 (XLSX/PDF)。

    Example: fundguard inspect draw --plan config/inspection/draw_plan.example.yaml --seed 20260401
    """
    from fundguard.db.sqlrun import writing_connection
    from fundguard.inspect.announce import announcement
    from fundguard.inspect.draw_store import perform_draw
    from fundguard.inspect.plan import load_plan
    from fundguard.inspect.roster import load_roster

    settings = get_settings()
    plan = load_plan(plan_path)
    roster = load_roster(roster_path or settings.config_dir / "inspection" / "inspectors.csv")
    with writing_connection(settings, "inspect draw") as con:
        outcome = perform_draw(con, settings, plan, roster, seed)
        record, rows = announcement(con, settings, outcome.draw_id)
    paths = _export_announcement(record, rows, out or settings.exports_path / "inspections")
    teams = {r["fixmedins_code"]: r["inspectors"] for r in rows}
    shown = [{**asdict(o), "selection_kind": KIND_ZH[o.selection_kind], "grade_source": GRADE_SOURCE_ZH[o.grade_source],
              "team": teams.get(o.fixmedins_code, "")} for o in outcome.objects if o.selected]
    render(shown, DRAW_COLUMNS, fmt, title=f"抽查 {outcome.draw_id}: 抽中 {outcome.n_selected} 家")
    typer.echo(("已存在相同输入的抽查记录, 结果一致。" if outcome.already_stored else "抽查记录已保存。")
               + f" 公示名单: {', '.join(str(p) for p in paths)}", err=True)


def _export_announcement(record: dict, rows: list[dict], out_dir: Path) -> list[Path]:
    from fundguard.inspect.announce import export_announcement_pdf, export_announcement_xlsx

    base = out_dir / f"{record['draw_id']}_公示"
    return [export_announcement_xlsx(record, rows, base.with_suffix(".xlsx")),
            export_announcement_pdf(record, rows, base.with_suffix(".pdf"))]


@app.command("draws")
def draws(fmt: OutputFormat = FORMAT_OPTION) -> None:
    """列出已保存的双随机抽查记录。

    Example: fundguard inspect draws --format csv
    """
    from fundguard.db.connection import connect
    from fundguard.db.sqlrun import query_dicts

    settings = get_settings()
    with connect(settings, read_only=True) as con:
        rows = query_dicts(con, settings.sql_dir, "inspect/draws_list")
    render(rows, DRAWS_COLUMNS, fmt, title="双随机抽查记录")


@app.command("verify")
def verify(draw_id: str = typer.Argument(..., help="抽查编号")) -> None:
    """用抽查记录中的种子和名录库快照重新抽取, 核对与保存结果是否完全一致。

    Example: fundguard inspect verify D702ae685aadf6f6
    """
    from fundguard.db.connection import connect
    from fundguard.inspect.draw_store import verify_draw

    settings = get_settings()
    with connect(settings, read_only=True) as con:
        ok = verify_draw(con, settings, draw_id)
    typer.echo(f"抽查 {draw_id}: " + ("复现一致" if ok else "复现结果与保存记录不一致!"))
    if not ok:
        raise typer.Exit(2)


@app.command("announce")
def announce(draw_id: str = typer.Argument(..., help="抽查编号"),
             out: Annotated[Path | None, typer.Option("--out", help="输出目录")] = None) -> None:
    """重新导出某次抽查的公示名单 (XLSX/PDF)。

    Example: fundguard inspect announce D702ae685aadf6f6 --out var/exports/公示
    """
    from fundguard.db.connection import connect
    from fundguard.inspect.announce import announcement

    settings = get_settings()
    with connect(settings, read_only=True) as con:
        record, rows = announcement(con, settings, draw_id)
    for path in _export_announcement(record, rows, out or settings.exports_path / "inspections"):
        typer.echo(str(path))


@app.command("list")
def flying_list(
    top: int = typer.Option(20, "--top", help="按风险排名取前 N 家机构"),
    district: str | None = typer.Option(None, "--district", help="区县区划代码或区县名称"),
    date_from: str | None = typer.Option(None, "--from", help="疑点开始日期 YYYY-MM-DD (默认截止日前365天)"),
    date_to: str | None = typer.Option(None, "--to", help="疑点截止日期 YYYY-MM-DD (默认今天)"),
    xlsx: Annotated[Path | None, typer.Option("--xlsx", help="同时导出 XLSX 到该路径")] = None,
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """飞行检查清单: 按风险排名的机构, 每条规则一行, 含样例结算、法律依据、检查重点与取证清单。

    Example: fundguard inspect list --top 10 --district 鸡冠区 --xlsx var/exports/flying.xlsx
    """
    from fundguard.db.connection import connect
    from fundguard.inspect.caselist import (
        CASE_LIST_COLUMNS,
        SHORT_COLUMNS,
        export_flying_list,
    )
    from fundguard.inspect.caselist import flying_list as build_list

    settings = get_settings()
    start, end = _window(date_from, date_to)
    with connect(settings, read_only=True) as con:
        rows = build_list(con, settings, top=top, date_from=start, date_to=end, district=district)
    title = f"飞行检查清单 ({start} 至 {end}{', ' + district if district else ''})"
    shown = rows if fmt is OutputFormat.json else [
        r | {"sample_setl_ids": "、".join(r["sample_setl_ids"])} for r in rows]
    render(shown, SHORT_COLUMNS if fmt is OutputFormat.table else CASE_LIST_COLUMNS, fmt, title=title)
    if xlsx:
        typer.echo(f"已导出: {export_flying_list(rows, xlsx, title)}", err=True)


@app.command("dossier")
def dossier(
    code: str = typer.Argument(..., help="机构编码"),
    out: Annotated[Path | None, typer.Option(
        "--out", help="PDF 路径 (默认 var/exports/dossiers/<机构编码>.pdf)")] = None,
    date_from: str | None = typer.Option(None, "--from", help="疑点开始日期"),
    date_to: str | None = typer.Option(None, "--to", help="疑点截止日期"),
) -> None:
    """生成机构检查档案 PDF: 概况、信用记录、各规则疑点及样例、同类比较图、异常原因、在办案件。

    Example: fundguard inspect dossier H23030200001
    """
    from fundguard.db.connection import connect
    from fundguard.inspect.dossier import dossier_data, render_dossier

    settings = get_settings()
    start, end = _window(date_from, date_to)
    with connect(settings, read_only=True) as con:
        data = dossier_data(con, settings, code, start, end)
    path = out or settings.exports_path / "dossiers" / f"{code}.pdf"
    typer.echo(str(render_dossier(data, path, generated_on=datetime.now().date())))


@app.command("record")
def record(file: Annotated[Path, typer.Argument(help="检查结果文件 (CSV/XLSX, 中文表头)", exists=True)]) -> None:
    """录入检查结果 (每机构: 检查事项、是否发现违规、违规类别、金额); 发现违规的立案或追加到案件,
    现场检查未发现违规的记入信用台账 (不计分); 结果也用于逆概率加权估计。

    Example: fundguard inspect record results_2026Q2.xlsx
    """
    from fundguard.db.sqlrun import writing_connection
    from fundguard.inspect.intake import outcome_lines, record_and_route

    settings = get_settings()
    with writing_connection(settings, "inspect record") as con:
        outcome = record_and_route(con, settings, file)
    typer.echo("\n".join(outcome_lines(outcome)))


@app.command("estimate")
def estimate(draw_id: str | None = typer.Option(None, "--draw", help="抽查编号 (默认最近一次)"),
             fmt: OutputFormat = FORMAT_OPTION) -> None:
    """用随机抽查结果做逆概率加权估计: 违规检出率、各规则精确率和召回率 (含95%置信区间)。

    Example: fundguard inspect estimate --draw D702ae685aadf6f6 --format json
    """
    from fundguard.db.connection import connect
    from fundguard.inspect.estimate_report import ESTIMATE_COLUMNS, draw_estimates

    settings = get_settings()
    with connect(settings, read_only=True) as con:
        summary, rows = draw_estimates(con, settings, draw_id)
    title = (f"抽查 {summary['draw_id']} 逆概率加权估计 (抽中 {summary['n_selected']} 家, "
             f"已录入结果 {summary['n_with_result']} 家; 估计范围不含本年已检查而排除的 "
             f"{summary['n_excluded']} 家)")
    render(rows, ESTIMATE_COLUMNS, fmt, title=title)

"""The nightly report: an offline HTML page (inline CSS, charts as base64 PNG) plus an XLSX workbook."""

from __future__ import annotations

import base64
import html
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from fundguard.reports.charts import CHART_TEXT, bar_chart_png, line_chart_png
from fundguard.reports.nightly_data import NightlyData
from fundguard.reports.pdf import cell_text
from fundguard.reports.xlsx import Sheet, write_workbook

SECTIONS: list[tuple[str, str, list[tuple[str, str]]]] = [
    ("findings_by_rule", "各规则疑点", [
        ("rule_id", "规则编号"), ("rule_name", "规则名称"), ("category", "类别"), ("n_new", "本次新增"),
        ("amt_new", "新增金额(元)"), ("n_total", "累计疑点"), ("amt_total", "累计金额(元)"),
        ("outcome_label", "本次执行结果"), ("coverage_pct", "字段覆盖率(%)"),
        ("fire_rate_label", "命中率状态"), ("hit_rate", "命中率(每万条)"), ("baseline_rate", "基线命中率"),
        ("mode_label", "发布状态"), ("n_exempt", "豁免疑点"), ("n_shadow", "试运行疑点")]),
    ("findings_by_district", "各区县疑点", [
        ("district", "区县"), ("n_new", "本次新增"), ("amt_new", "新增金额(元)"),
        ("n_total", "累计疑点"), ("amt_total", "累计金额(元)")]),
    ("amount_trend", "疑点金额趋势(近30天)", [
        ("event_date", "日期"), ("n_findings", "疑点数"), ("vola_amt", "违规金额(元)"),
        ("fund_amt", "基金损失(元)")]),
    ("cases_summary", "案件概况", [
        ("status", "状态"), ("n_cases", "案件数"), ("n_new", "本次新立案"), ("n_closed", "近7天结案"),
        ("amt_identified", "疑点金额(元)")]),
    ("cases_changed", "新立案与近7天结案", [
        ("change", "变化"), ("case_id", "案件编号"), ("entity_type", "主体类型"), ("entity_id", "主体编码"),
        ("behaviour_group", "行为类别"), ("source", "案件来源"), ("status", "状态"), ("disposition", "结论"),
        ("amt_identified", "疑点金额(元)")]),
    ("grade_distribution", "信用等级分布", [("grade", "信用等级"), ("n_institutions", "机构数")]),
    ("top_institutions", "高风险机构", [
        ("rank", "排名"), ("fixmedins_code", "机构编码"), ("fixmedins_name", "机构名称"),
        ("district", "区县"), ("risk_score", "风险分"), ("band", "风险等级"),
        ("credit_grade", "信用等级"), ("n_findings", "疑点数"), ("vola_amt", "违规金额(元)"),
        ("top_reason", "主要异常原因")]),
    ("data_quality", "数据质量-入库批次", [
        ("batch_id", "批次"), ("status_label", "状态"), ("n_files", "文件数"), ("rows_read", "读取行数"),
        ("rows_loaded", "入库行数"), ("rows_quarantined", "隔离行数")]),
    ("quarantine_reasons", "数据质量-隔离原因", [
        ("target_table", "目标表"), ("field", "字段"), ("check_name", "校验"), ("severity", "级别"),
        ("reason_zh", "原因"), ("n_rows", "行数")]),
    ("exemptions", "规则豁免(白名单)", [
        ("exemption_id", "豁免编号"), ("rule_id", "规则编号"), ("scope", "范围"), ("doc_no", "批准文号"),
        ("approver", "批准人"), ("valid_from", "有效期起"), ("valid_to", "有效期止"),
        ("status_label", "状态"), ("days_left", "剩余天数"), ("n_findings", "豁免疑点"),
        ("amt_findings", "豁免金额(元)"), ("n_in_case", "其中已立案")]),
    ("run_timings", "运行耗时", [
        ("stage_label", "阶段"), ("status_label", "状态"), ("rows", "行数"), ("seconds", "耗时(秒)"),
        ("message", "说明")]),
]
"""(NightlyData attribute, 中文标题, columns) in report order."""

CSS = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:24px;color:#222}
h1{font-size:22px}h2{font-size:17px;border-left:4px solid #2f5d8a;padding-left:8px;margin-top:28px}
table{border-collapse:collapse;font-size:13px;margin:8px 0}th,td{border:1px solid #ccc;padding:4px 8px}
th{background:#dce6f1}td.num{text-align:right}.meta{color:#666;font-size:13px}img{max-width:100%}
"""


def _charts(data: NightlyData) -> dict[str, bytes]:
    """Section attribute -> chart PNG shown above that section's table."""
    trend = data.amount_trend
    return {
        "findings_by_rule": bar_chart_png([r["rule_name"] or r["rule_id"] for r in data.findings_by_rule],
                                          [r["n_total"] for r in data.findings_by_rule],
                                          CHART_TEXT["findings_by_rule"]),
        "findings_by_district": bar_chart_png([r["district"] for r in data.findings_by_district],
                                              [r["amt_total"] for r in data.findings_by_district],
                                              CHART_TEXT["findings_by_district"]),
        "amount_trend": line_chart_png([str(r["event_date"])[5:] for r in trend],
                                       {CHART_TEXT["amount"]: [r["vola_amt"] for r in trend]},
                                       CHART_TEXT["amount_trend"], CHART_TEXT["amount"]),
        "grade_distribution": bar_chart_png([r["grade"] for r in data.grade_distribution],
                                            [r["n_institutions"] for r in data.grade_distribution],
                                            CHART_TEXT["grade_distribution"], horizontal=False),
    }


def _html_table(columns: list[tuple[str, str]], rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "<p>无记录</p>"
    head = "".join(f"<th>{html.escape(label)}</th>" for _, label in columns)
    body = []
    for row in rows:
        cells = []
        for key, _ in columns:
            value = row.get(key)
            css = ' class="num"' if isinstance(value, int | float) or "amt" in key else ""
            cells.append(f"<td{css}>{html.escape(cell_text(value))}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><tr>{head}</tr>{''.join(body)}</table>"


def headline(data: NightlyData) -> str:
    """One sentence with tonight's key figures."""
    n_new = sum(r["n_new"] for r in data.findings_by_rule)
    amt_new = sum((r["amt_new"] for r in data.findings_by_rule), Decimal("0"))
    opened = sum(r["n_new"] for r in data.cases_summary)
    closed = sum(r["n_closed"] for r in data.cases_summary)
    quarantined = sum(r["rows_quarantined"] or 0 for r in data.data_quality)
    return (f"本次新增疑点 {n_new} 条, 违规金额 {amt_new:,.2f} 元; 新立案 {opened} 件, 近7天结案 "
            f"{closed} 件; 入库隔离记录 {quarantined} 行。")


def governance_line(data: NightlyData) -> str:
    """One sentence on exemptions, shadow-mode rules and fire-rate drift (规则治理)."""
    g = data.governance
    if not g:
        return ""
    flagged = list(g["fire_rate_rules"] or [])
    return (f"规则治理: 豁免疑点 {g['n_exempt']} 条, 金额 {g['amt_exempt']:,.2f} 元 (本次新增 "
            f"{g['n_exempt_new']} 条; 生效豁免 {g['n_active_exemptions']} 项, 其中将到期 "
            f"{g['n_expiring']} 项); 试运行规则 {g['n_shadow_rules']} 条, 试运行疑点 {g['n_shadow']} 条, "
            f"金额 {g['amt_shadow']:,.2f} 元 (不立案); 命中率突变规则 {len(flagged)} 条"
            + (f": {'、'.join(flagged)}。" if flagged else "。"))


def render_html(data: NightlyData, generated_at: datetime) -> str:
    """The self-contained report page (no external resources)."""
    charts = _charts(data)
    parts = [f"<h1>医保基金监管夜间报告 {data.run['run_date']}</h1>",
             f"<p class=\"meta\">运行编号 {html.escape(data.run['run_id'])} · 状态 "
             f"{html.escape(str(data.run['status_label']))} · 生成时间 {generated_at:%Y-%m-%d %H:%M}</p>",
             f"<p><strong>{html.escape(headline(data))}</strong></p>",
             f"<p>{html.escape(governance_line(data))}</p>"]
    for attr, title, columns in SECTIONS:
        parts.append(f"<h2>{html.escape(title)}</h2>")
        if attr in charts:
            encoded = base64.b64encode(charts[attr]).decode("ascii")
            parts.append(f'<img alt="{html.escape(title)}" src="data:image/png;base64,{encoded}">')
        parts.append(_html_table(columns, getattr(data, attr)))
    return ("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
            f"<title>夜间报告 {data.run['run_date']}</title><style>{CSS}</style></head><body>"
            + "\n".join(parts) + "</body></html>")


def write_nightly(data: NightlyData, out_dir: Path, generated_at: datetime) -> dict[str, Path]:
    """Write ``nightly.html`` and ``nightly.xlsx`` into ``out_dir``; returns their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    html_path = out_dir / "nightly.html"
    html_path.write_text(render_html(data, generated_at), encoding="utf-8")
    sheets = [Sheet(title, columns, getattr(data, attr)) for attr, title, columns in SECTIONS]
    xlsx_path = write_workbook(out_dir / "nightly.xlsx", sheets)
    return {"html": html_path, "xlsx": xlsx_path}

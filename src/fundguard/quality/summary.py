"""The per-batch quality summary: one offline HTML page (inline CSS, no scripts, no CDN), in Chinese.

Shows per file rows read/loaded/quarantined, failures per check and a few examples (file, row, field,
reason).  It never shows raw records, names or ID numbers.
"""

from __future__ import annotations

import html
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from fundguard.db.sql_files import sql_text
from fundguard.settings import Settings

if TYPE_CHECKING:
    from fundguard.ingest.report import IngestReport

EXAMPLES_PER_CHECK = 5
_CSS = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:2em;color:#222}
h1{font-size:1.5em}h2{font-size:1.15em;margin-top:1.6em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:.5em 0;font-size:.9em}
th,td{border:1px solid #bbb;padding:.3em .6em;text-align:left}th{background:#eef2f7}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.blocking{color:#a40000;font-weight:bold}.warning{color:#8a5a00}
.status{display:inline-block;padding:.2em .6em;border-radius:.3em;background:#eef2f7}
.rejected{background:#fbe3e3}.note{color:#555;font-size:.9em}
"""
_SEVERITY_ZH = {"blocking": "阻断", "warning": "警告"}
_BATCH_ZH = {"loaded": "已入库", "loaded_with_errors": "已入库 (部分文件有错误)", "noop": "无新文件",
             "rejected": "被质量闸门拦截, 未入库"}


def summary_path(settings: Settings, batch_id: str) -> Path:
    return settings.reports_path / "quality" / f"{batch_id}.html"


def _cell(value: object, numeric: bool = False) -> str:
    text = "" if value is None else html.escape(str(value))
    return f'<td class="n">{text}</td>' if numeric else f"<td>{text}</td>"


def _table(headers: list[str], rows: list[str]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join(rows) or f'<tr><td colspan="{len(headers)}">(无)</td></tr>'
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _files_section(report: IngestReport) -> str:
    rows = [
        "<tr>" + _cell(f.rel_path) + _cell(f.target) + _cell(f.profile) + _cell(f.encoding)
        + _cell(f.status_zh) + _cell(f.rows_read, True) + _cell(f.rows_loaded, True)
        + _cell(f.rows_quarantined, True) + _cell(f.rows_superseded, True) + _cell(f.message) + "</tr>"
        for f in report.files
    ]
    headers = ["文件", "目标表", "数据源配置", "编码", "状态", "读取行数", "入库行数", "隔离行数",
               "被更正替换行数", "说明"]
    return "<h2>文件</h2>" + _table(headers, rows)


def _checks_section(con: duckdb.DuckDBPyConnection, settings: Settings, report: IngestReport) -> str:
    full: Counter[str] = Counter()
    for f in report.files:
        full.update(f.check_counts)
    sql = sql_text(settings.sql_dir, "ingest/summary_checks")
    rows = []
    for name, severity, n_rows, n_files in con.execute(sql, {"batch_id": report.batch_id}).fetchall():
        count = max(int(n_rows), full.get(name, 0))
        rows.append("<tr>" + _cell(name) + f'<td class="{severity}">{_SEVERITY_ZH.get(severity, severity)}</td>'
                    + _cell(count, True) + _cell(n_files, True) + "</tr>")
    note = ('<p class="note">阻断: 记录被隔离, 不入库; 警告: 记录照常入库, 仅作提示'
            "(隔离区中每个文件每项检查最多保存 1000 条警告明细, 此处为完整计数)。</p>")
    return "<h2>各项检查的失败数</h2>" + note + _table(["检查", "级别", "记录数", "涉及文件数"], rows)


def _examples_section(con: duckdb.DuckDBPyConnection, settings: Settings, report: IngestReport) -> str:
    sql = sql_text(settings.sql_dir, "ingest/summary_examples")
    found = con.execute(sql, {"batch_id": report.batch_id, "per_check": EXAMPLES_PER_CHECK}).fetchall()
    rows = ["<tr>" + "".join(_cell(v, i == 2) for i, v in enumerate(r)) + "</tr>" for r in found]
    return "<h2>示例 (每项检查至多 5 条)</h2>" + _table(["检查", "文件", "行号", "字段", "原因"], rows)


def render_summary(con: duckdb.DuckDBPyConnection, settings: Settings, report: IngestReport) -> str:
    """The summary page as a string."""
    status = _BATCH_ZH.get(report.status, report.status)
    cls = "status rejected" if report.status == "rejected" else "status"
    totals = (f"<p>读取 {report.rows_read} 行, 入库 {report.rows_loaded} 行, 隔离 {report.rows_quarantined} 行,"
              f" 被更正替换 {report.rows_superseded} 行。行号约定: 表头所在行按其在文件中的行号计 (通常为第1行),"
              " 数据行依次递增, 与电子表格中看到的行号一致; Parquet 文件按记录序号计 (首条记录为第1行)。</p>")
    touched = ""
    if report.touched_from:
        touched = f"<p>本批次新增或更正的结算日期范围: {report.touched_from} 至 {report.touched_to}</p>"
    message = f"<p>{html.escape(report.message)}</p>" if report.message else ""
    generated = con.execute("select strftime(now(), '%Y-%m-%d %H:%M')").fetchall()[0][0]
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>数据质量报告 {html.escape(report.batch_id)}</title><style>{_CSS}</style></head><body>"
        f"<h1>数据质量报告</h1><p>批次 {html.escape(report.batch_id)} · 生成于 {generated}"
        f' · <span class="{cls}">{html.escape(status)}</span></p>{message}{totals}{touched}'
        + _files_section(report) + _checks_section(con, settings, report)
        + _examples_section(con, settings, report) + "</body></html>"
    )


def write_summary(con: duckdb.DuckDBPyConnection, settings: Settings, report: IngestReport) -> Path:
    """Write the batch's summary under ``<var>/reports/quality/<batch_id>.html``; returns its path."""
    path = summary_path(settings, report.batch_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_summary(con, settings, report), encoding="utf-8")
    return path

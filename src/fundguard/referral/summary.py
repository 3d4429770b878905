"""The human-readable parts of a referral package: the XLSX item list and the Chinese PDF summary.
Both are meant for the receiving agency, so they may carry the personal data the evidence needs."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from fundguard.cases.export import ENTITY_TYPE_ZH, EVENT_COLUMNS, LINE_COLUMNS, events_with_labels
from fundguard.referral.pdf import write_summary_pdf
from fundguard.referral.routing import Route
from fundguard.reports.xlsx import Sheet, write_workbook

ITEM_COLUMNS = [
    ("finding_id", "疑点编号"), ("rule_id", "规则编号"), ("rule_version", "规则版本"),
    ("gz_code", "国家规则编码"), ("rule_name", "规则名称"), ("result_type", "结果类型"),
    ("legal_basis", "法律依据"), ("severity", "严重程度"), ("setl_id", "结算编号"),
    ("mdtrt_id", "就诊编号"), ("psn_no", "人员编号"), ("fixmedins_code", "机构编码"),
    ("staff_code", "医务人员编码"), ("event_date", "发生日期"), ("vola_amt", "违规金额(元)"),
    ("fund_amt", "涉及基金金额(元)"), ("evidence", "证据"),
]
CASE_ITEMS = [
    ("case_id", "案件编号"), ("entity_type", "主体类型"), ("entity_id", "主体编码"), ("period", "期间"),
    ("behaviour_group", "行为组"), ("disposition", "认定结论"), ("disposition_reason", "认定理由"),
    ("measure", "处理方式"), ("legal_basis", "法律依据"), ("amt_identified", "发现金额(元)"),
    ("amt_confirmed", "认定金额(元)"), ("amt_returned", "退回金额(元)"), ("amt_fined", "罚款金额(元)"),
    ("n_findings", "疑点数"),
]


def write_item_list(path: Path, case: dict[str, Any], findings: list[dict[str, Any]],
                    lines: list[dict[str, Any]], history: list[dict[str, Any]]) -> Path:
    """移送清单.xlsx: case facts, findings, fee lines and the review history."""
    facts = [{"item": label, "value": ENTITY_TYPE_ZH.get(case[k], case[k]) if k == "entity_type"
              else case[k]} for k, label in CASE_ITEMS]
    return write_workbook(path, [
        Sheet("案件信息", [("item", "项目"), ("value", "内容")], facts),
        Sheet("疑点清单", ITEM_COLUMNS, findings),
        Sheet("费用明细", LINE_COLUMNS, lines),
        Sheet("处理记录", EVENT_COLUMNS, events_with_labels(history)),
    ])


def _money(value: Any) -> str:
    return "—" if value is None else f"{value:,.2f} 元"


def summary_sections(case: dict[str, Any], route: Route, routes: list[Route],
                     findings: list[dict[str, Any]], history: list[dict[str, Any]],
                     rules: list[dict[str, Any]]) -> list[tuple[str, list[str]]]:
    """The PDF's sections as (heading, lines), all Chinese."""
    subject = f"{ENTITY_TYPE_ZH.get(case['entity_type'], case['entity_type'])} {case['entity_id']}"
    basics = [f"案件编号: {case['case_id']}", f"移送部门: {route.agency}", f"移送理由: {route.reason}",
              f"涉及主体: {subject}  期间: {case['period']}  行为组: {case['behaviour_group']}",
              f"认定结论: {case['disposition']}  处理方式: {case['measure'] or '—'}",
              f"法律依据: {case['legal_basis'] or '—'}",
              f"发现金额: {_money(case['amt_identified'])}  认定金额: {_money(case['amt_confirmed'])}"
              f"  退回: {_money(case['amt_returned'])}  罚款: {_money(case['amt_fined'])}",
              "其他可移送部门: " + ("、".join(r.agency for r in routes if r != route) or "无")]
    rule_lines = [f"{r['rule_id']} 版本 {r.get('version', '—')}: 疑点 {len(r['finding_ids'])} 条, "
                  f"评估期 {r.get('period_start', '—')} 至 {r.get('period_end', '—')}"
                  + ("" if r["status"] == "ok" else " (规则文件缺失, 不能复现)") for r in rules]
    finding_lines = [f"{f['event_date']} {f['rule_name']} 结算 {f['setl_id'] or '—'} "
                     f"违规金额 {_money(f['vola_amt'])}" for f in findings[:200]]
    steps = [f"{e['event_at']:%Y-%m-%d %H:%M} {e['actor']} {a['action_zh']} → {e['to_state']}: "
             f"{e['reason'] or ''}" for e, a in zip(history, events_with_labels(history), strict=True)]
    files = ["移送清单.xlsx (疑点与费用明细)", "evidence/ (疑点证据 Parquet/CSV)",
             "rules/ (规则 SQL 与版本)", "snapshot/ (规则输入数据快照 Parquet)",
             "manifest.json (全部文件 SHA-256, 用 fundguard referral verify 校验)"]
    return [("一、案件基本情况", basics), ("二、规则与复现信息", rule_lines),
            (f"三、疑点明细 (共 {len(findings)} 条)", finding_lines), ("四、审核处理过程", steps),
            ("五、附件", files)]


def write_summary(path: Path, case: dict[str, Any], route: Route, routes: list[Route],
                  findings: list[dict[str, Any]], history: list[dict[str, Any]],
                  rules: list[dict[str, Any]]) -> Path:
    """案件摘要.pdf in Chinese."""
    sections = summary_sections(case, route, routes, findings, history, rules)
    sections.append(("", [f"生成时间: {datetime.now():%Y-%m-%d %H:%M}  医保基金卫士 fundguard"]))
    return write_summary_pdf(path, f"医保基金案件移送摘要 ({route.agency})", sections)

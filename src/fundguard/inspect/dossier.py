"""Per-institution dossier (检查档案) for the inspection team: a Chinese PDF.

Sections: profile, risk score and anomaly reasons with a peer-comparison chart, credit history and
ledger, findings by rule with sample settlements, open cases, earlier inspections.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from fundguard.db.sqlrun import query_dicts
from fundguard.errors import NotFoundError
from fundguard.settings import Settings

RULE_COLUMNS = [("rule_name", "规则名称"), ("result_type", "类型"), ("n_findings", "疑点数"),
                ("vola_amt", "违规金额(元)"), ("fund_amt", "基金损失(元)"),
                ("sample_setl_ids", "样例结算ID"), ("legal_basis", "法律依据")]
CREDIT_COLUMNS = [("as_of", "评价日期"), ("grade", "等级"), ("score", "分数"), ("explanation", "说明")]
LEDGER_COLUMNS = [("entry_date", "日期"), ("points", "分值"), ("kind", "类型"), ("case_id", "案件"),
                  ("reason", "原因")]
CASE_COLUMNS = [("case_id", "案件编号"), ("behaviour_group", "行为类别"), ("status", "状态"),
                ("amt_identified", "疑点金额(元)"), ("opened_at", "立案时间")]
INSPECTION_COLUMNS = [("inspected_on", "检查日期"), ("items_checked", "检查事项"),
                      ("violation_found", "发现违规"), ("violation_amount", "违规金额(元)"),
                      ("conclusion", "结论")]


@dataclass(frozen=True, slots=True)
class DossierData:
    profile: dict[str, Any]
    risk: dict[str, Any] | None
    reasons: list[dict[str, Any]]
    credit: list[dict[str, Any]]
    ledger: list[dict[str, Any]]
    rules: list[dict[str, Any]]
    cases: list[dict[str, Any]]
    inspections: list[dict[str, Any]]


def dossier_data(con: duckdb.DuckDBPyConnection, settings: Settings, code: str,
                 date_from: date, date_to: date) -> DossierData:
    """Everything the dossier shows for institution ``code``."""
    def rows(name: str, **extra: Any) -> list[dict[str, Any]]:
        return query_dicts(con, settings.sql_dir, f"inspect/{name}", {"code": code, **extra})

    profile = rows("dossier_profile")
    if not profile:
        raise NotFoundError(f"找不到机构 {code}", hint="请检查机构编码(如 H440106xxxxx)。")
    risk = rows("dossier_risk")
    reasons = json.loads(risk[0]["reasons_json"] or "[]") if risk else []
    return DossierData(
        profile=profile[0], risk=risk[0] if risk else None, reasons=reasons,
        credit=rows("dossier_credit"), ledger=rows("dossier_ledger"),
        rules=rows("dossier_rules", date_from=date_from, date_to=date_to),
        cases=rows("dossier_cases"), inspections=rows("dossier_inspections"),
    )


def _profile_text(p: dict[str, Any]) -> str:
    return (f"机构编码: {p['fixmedins_code']}    类型: {p['inst_type_zh']}    级别: {p['medins_lv_zh']}\n"
            f"区县: {p['district_name'] or p['admdvs']}    协议状态: {p['agreement_status_zh']}    "
            f"开放床位: {p['open_beds'] if p['open_beds'] is not None else '—'}")


def _risk_section(pdf: Any, data: DossierData) -> None:
    from fundguard.reports import pdf as doc
    from fundguard.reports.charts import peer_comparison_png

    doc.heading(pdf, "二、风险评分与异常原因")
    if data.risk is None:
        doc.paragraph(pdf, "尚无风险评分。")
        return
    r = data.risk
    doc.paragraph(pdf, f"风险分 {r['risk_score']:.1f}, 排名第 {r['risk_rank']} 位, 风险等级 {r['band']}"
                       f" (期间 {r['period']}, 同类组 {r['peer_group'] or '—'})")
    for reason in data.reasons:
        doc.paragraph(pdf, f"· {reason.get('text_zh', '')}")
    usable = [x for x in data.reasons if x.get("peer_median") is not None]
    if usable:
        doc.image(pdf, peer_comparison_png([x["label_zh"] for x in usable],
                                           [x["value"] for x in usable],
                                           [x["peer_median"] for x in usable]), width=160)


def render_dossier(data: DossierData, path: Path, *, generated_on: date) -> Path:
    """Write the dossier PDF to ``path``."""
    from fundguard.reports import pdf as doc

    pdf = doc.new_document(f"检查档案: {data.profile['fixmedins_name']}")
    doc.paragraph(pdf, f"生成日期: {generated_on.isoformat()}    内部资料, 注意保密")
    doc.heading(pdf, "一、机构概况")
    doc.paragraph(pdf, _profile_text(data.profile))
    _risk_section(pdf, data)
    doc.heading(pdf, "三、信用记录")
    doc.table(pdf, CREDIT_COLUMNS, data.credit, widths=(25, 12, 15, 120))
    doc.table(pdf, LEDGER_COLUMNS, data.ledger, widths=(25, 15, 20, 30, 82))
    doc.heading(pdf, "四、疑点(按规则)")
    doc.table(pdf, RULE_COLUMNS, data.rules, widths=(40, 16, 14, 22, 22, 36, 40))
    doc.heading(pdf, "五、在办案件")
    doc.table(pdf, CASE_COLUMNS, data.cases)
    doc.heading(pdf, "六、既往检查")
    doc.table(pdf, INSPECTION_COLUMNS, data.inspections)
    return doc.save(pdf, path)

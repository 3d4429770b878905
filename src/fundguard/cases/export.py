"""Case exports for auditors: one XLSX per queue/filter or per case, Chinese headers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from fundguard.cases.inspections import case_inspections
from fundguard.cases.store import CaseFilter, case_history, case_lines, listed_cases
from fundguard.db.sqlrun import query_dicts
from fundguard.reports.xlsx import Sheet, write_workbook

CASE_COLUMNS = [
    ("case_id", "案件编号"), ("entity_type_zh", "主体类型"), ("entity_id", "主体编码"),
    ("period", "期间"), ("behaviour_group", "行为组"), ("source", "案件来源"), ("queue", "审核队列"),
    ("status", "状态"),
    ("disposition", "认定结论"), ("severity", "严重程度"), ("priority", "优先级"),
    ("amt_identified", "发现金额(元)"), ("amt_confirmed", "认定金额(元)"),
    ("amt_returned", "退回金额(元)"), ("amt_fined", "罚款金额(元)"), ("n_findings", "疑点数"),
    ("assignee", "承办人"), ("updated_at", "更新时间"),
]
FINDING_COLUMNS = [
    ("case_id", "案件编号"), ("finding_id", "疑点编号"), ("rule_id", "规则编号"),
    ("rule_version", "规则版本"), ("gz_code", "国家规则编码"), ("rule_name", "规则名称"),
    ("result_type", "结果类型"), ("legal_basis", "法律依据"), ("severity", "严重程度"),
    ("setl_id", "结算编号"), ("fixmedins_code", "机构编码"), ("staff_code", "医务人员编码"),
    ("event_date", "发生日期"), ("vola_amt", "违规金额(元)"), ("fund_amt", "涉及基金金额(元)"),
]
LINE_COLUMNS = [
    ("finding_id", "疑点编号"), ("setl_id", "结算编号"), ("feedetl_sn", "费用明细流水号"),
    ("vola_item_type", "违规项类型"), ("med_list_codg", "医保目录编码"), ("fee_ocur_time", "费用发生时间"),
    ("pric", "单价(元)"), ("cnt", "数量"), ("det_item_fee_sumamt", "明细金额(元)"),
    ("vola_amt", "违规金额(元)"), ("fund_amt", "涉及基金金额(元)"),
]
INSPECTION_COLUMNS = [
    ("result_id", "结果编号"), ("draw_id", "抽查编号"), ("inspected_on", "检查日期"),
    ("items_checked", "检查事项"), ("categories_zh", "违规类别"), ("violation_amount", "违规金额(元)"),
    ("fund_loss", "基金损失(元)"), ("legal_basis", "法律依据"), ("severity", "严重程度"),
    ("conclusion", "检查结论"), ("handling", "建议处理"), ("source_file", "来源文件"),
]
EVENT_COLUMNS = [
    ("seq", "序号"), ("event_at", "时间"), ("actor", "操作人"), ("action", "动作代码"), ("action_zh", "动作"),
    ("from_state", "原状态"), ("to_state", "新状态"), ("reason", "理由"),
]
ENTITY_TYPE_ZH = {"institution": "医疗机构", "pharmacy": "药店", "staff": "医务人员", "insured": "参保人"}


def with_labels(cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Case rows with the Chinese subject-type label added."""
    return [dict(c, entity_type_zh=ENTITY_TYPE_ZH.get(c["entity_type"], c["entity_type"]))
            for c in cases]


def events_with_labels(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Event rows with the Chinese action label added."""
    from fundguard.cases.workflow import ACTION_LABELS

    return [dict(e, action_zh=ACTION_LABELS.get(e["action"], e["action"])) for e in events]


def export_cases_xlsx(con: duckdb.DuckDBPyConnection, sql_dir: Path, flt: CaseFilter,
                      out: Path) -> tuple[Path, int]:
    """Write the cases matching ``flt`` (one case: with lines and history) to ``out``."""
    cases = listed_cases(con, sql_dir, flt)
    findings = query_dicts(con, sql_dir, "cases/findings_of_cases",
                           {"case_ids": [c["case_id"] for c in cases]})
    sheets = [Sheet("案件清单", CASE_COLUMNS, with_labels(cases)),
              Sheet("疑点明细", FINDING_COLUMNS, findings)]
    if flt.case_id and cases:
        sheets.append(Sheet("费用明细", LINE_COLUMNS, case_lines(con, sql_dir, flt.case_id)))
        inspections = case_inspections(con, sql_dir, flt.case_id)
        if inspections:
            sheets.append(Sheet("检查结果", INSPECTION_COLUMNS, inspections))
        history = events_with_labels(case_history(con, sql_dir, flt.case_id))
        sheets.append(Sheet("处理记录", EVENT_COLUMNS, history))
    return write_workbook(out, sheets), len(cases)

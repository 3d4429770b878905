"""Inspection results → cases (issue 7 item 5, results intake).

A result with violations opens, or is appended to, the case of its institution, month and source
(现场检查 / 非现场检查; stable id, see ``sql/cases/inspection/pending.sql``).  The on-site amounts become
the amount identified, the violation categories, draw id and handling are the evidence, and the case
enters the workflow at the step its source implies (``workflow.ENTRY_STATES``: on-site findings at
申诉).  Links are append-only per (result, content fingerprint): re-recording an unchanged result does
nothing; a corrected result is appended again (and reopens a closed case, like new findings do).
Confirmed cases then reach the credit ledger through the ordinary cases → credit path.
Runs inside the caller's transaction.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb

from fundguard.cases.workflow import (
    CLOSED,
    ENTRY_STATES,
    SOURCE_MONITORING,
    SOURCE_OFFSITE,
    SOURCE_ONSITE,
)
from fundguard.db.sqlrun import execute_sql, query_dicts
from fundguard.rules.spec import CATEGORIES

DEFAULT_LEGAL_BASIS = "《医疗保障基金使用监督管理条例》第三十八条"
"""Basis of an inspection finding whose team stated none (domain reference §1: default for 违规)."""
DEFAULT_SEVERITY = "medium"
"""Severity when none is stated: the credit scale's own default for a case without severity."""

SOURCE_PARAMS = {"onsite_source": SOURCE_ONSITE, "offsite_source": SOURCE_OFFSITE,
                 "onsite_state": ENTRY_STATES[SOURCE_ONSITE],
                 "offsite_state": ENTRY_STATES[SOURCE_OFFSITE]}
ACTION_ZH = {"open": "新立案", "append": "追加", "reopen": "重新立案"}


@dataclass(frozen=True, slots=True)
class InspectionCaseChange:
    """One case the intake opened or updated (for counts, events and the CLI message)."""

    case_id: str
    entity_id: str
    period: str
    source: str
    action: str
    from_state: str | None
    to_state: str
    results: list[dict[str, Any]] = field(default_factory=list)

    @property
    def amount(self) -> Decimal:
        return sum((r["violation_amount"] for r in self.results if r["violation_found"]), Decimal(0))


def categories_zh(codes: str | None) -> str:
    """Violation category codes (``billing;inventory``) as Chinese labels (收费类、进销存类)."""
    return "、".join(CATEGORIES.get(c, c) for c in (codes or "").split(";") if c) or "未注明"


def inspection_params() -> dict[str, str]:
    """Defaults the case aggregates apply to inspection evidence (``refresh_aggregates``)."""
    return {"inspection_basis": DEFAULT_LEGAL_BASIS, "inspection_severity": DEFAULT_SEVERITY}


def _change(rows: list[dict[str, Any]]) -> InspectionCaseChange:
    first = rows[0]
    prev = first["prev_status"]
    entry = ENTRY_STATES[first["source"]]
    action = "open" if prev is None else "reopen" if prev == CLOSED else "append"
    return InspectionCaseChange(first["case_id"], first["entity_id"], first["period"], first["source"],
                                action, prev, entry if action != "append" else prev, rows)


def _result_text(r: dict[str, Any]) -> str:
    where = f"抽查编号 {r['draw_id']}" if r["draw_id"] else "非双随机抽查"
    head = f"{r['inspected_on']:%Y-%m-%d} {where}"
    if not r["violation_found"]:
        return f"{head}: 更正为未发现违规"
    return (f"{head}: 违规类别 {categories_zh(r['violation_categories'])}, 违规金额 "
            f"{r['violation_amount']:.2f} 元, 基金损失 {r['fund_loss']:.2f} 元"
            + (f", 建议处理 {r['handling']}" if r["handling"] else ""))


def event_reason(change: InspectionCaseChange) -> str:
    """Chinese reason of the intake event: what arrived and why the case is at its step."""
    n_corrected = sum(1 for r in change.results if r["corrected"])
    verb = {"open": f"{change.source}发现违规, 立案", "append": f"追加{change.source}结果",
            "reopen": f"新的{change.source}结果, 重新立案"}[change.action]
    parts = [verb + (f" (其中更正 {n_corrected} 份)" if n_corrected else "")]
    parts += [_result_text(r) for r in change.results]
    if change.action != "append" and change.source == SOURCE_ONSITE:
        parts.append("现场证据已由执法人员固定, 不经初审复审, 进入申诉环节待机构陈述申辩")
    return "；".join(parts)


def _payload(change: InspectionCaseChange) -> str:
    keys = ("result_id", "draw_id", "violation_categories", "handling", "corrected")
    results = [{**{k: r[k] for k in keys}, "inspected_on": r["inspected_on"].isoformat(),
                "violation_amount": f"{r['violation_amount']:.2f}", "fund_loss": f"{r['fund_loss']:.2f}"}
               for r in change.results]
    return json.dumps({"source": change.source, "results": results}, ensure_ascii=False)


def _record_events(con: duckdb.DuckDBPyConnection, sql_dir: Path, changes: list[InspectionCaseChange],
                   run_id: str | None, now: datetime) -> None:
    for change in changes:
        if change.action == "reopen":
            execute_sql(con, sql_dir, "cases/inspection/reopen",
                        {"case_id": change.case_id, "state": change.to_state, "now": now, "run_id": run_id})
        execute_sql(con, sql_dir, "cases/event_insert", {
            "case_id": change.case_id, "event_at": now, "actor": "system", "action": change.action,
            "from_state": change.from_state, "to_state": change.to_state,
            "reason": event_reason(change), "run_id": run_id, "payload": _payload(change)})


def link_inspection_results(con: duckdb.DuckDBPyConnection, sql_dir: Path, run_id: str | None,
                            now: datetime) -> list[InspectionCaseChange]:
    """Open/append/reopen the cases of unlinked results; leaves ``touched_inspection_case``."""
    execute_sql(con, sql_dir, "cases/inspection/pending", SOURCE_PARAMS)
    execute_sql(con, sql_dir, "cases/inspection/touched")
    grouped: dict[str, list[dict[str, Any]]] = {}
    for row in query_dicts(con, sql_dir, "cases/inspection/pending_details"):
        grouped.setdefault(row["case_id"], []).append(row)
    changes = [_change(rows) for rows in grouped.values()]
    if changes:
        params = {**SOURCE_PARAMS, "run_id": run_id, "now": now}
        execute_sql(con, sql_dir, "cases/inspection/insert_cases", params)
        execute_sql(con, sql_dir, "cases/inspection/insert_links", params)
        _record_events(con, sql_dir, changes, run_id, now)
    return changes


def claim_unreported_cases(con: duckdb.DuckDBPyConnection, sql_dir: Path, run_id: str | None) -> None:
    """Give cases opened by ``inspect record`` (no run) to this nightly run, so its report lists them."""
    execute_sql(con, sql_dir, "cases/inspection/claim",
                {"run_id": run_id, "monitoring_source": SOURCE_MONITORING})


def case_inspections(con: duckdb.DuckDBPyConnection, sql_dir: Path, case_id: str) -> list[dict[str, Any]]:
    """The inspection results a case holds, categories as Chinese labels (evidence for ``cases show``)."""
    rows = query_dicts(con, sql_dir, "cases/inspection/of_case", {"case_id": case_id})
    return [dict(r, categories_zh=categories_zh(r["violation_categories"])) for r in rows]

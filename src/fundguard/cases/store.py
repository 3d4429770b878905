"""Reading cases and recording reviewer decisions (event first, then the case-file projection)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb

from fundguard.cases.workflow import Decision, next_state, projected_case, validate_decision
from fundguard.db.sqlrun import execute_sql, query_dicts, transaction
from fundguard.errors import NotFoundError

_PROJECTED = ("status", "disposition", "disposition_reason", "measure", "amt_confirmed",
              "amt_returned", "amt_fined", "assignee", "updated_at", "decided_at", "closed_at")


@dataclass(frozen=True, slots=True)
class CaseFilter:
    """Filters of ``fundguard cases list`` (None = any)."""

    status: str | None = None
    district: str | None = None
    queue: str | None = None
    assignee: str | None = None
    rule_id: str | None = None
    min_priority: Decimal | None = None
    case_id: str | None = None
    limit: int = 200


def case_row(con: duckdb.DuckDBPyConnection, sql_dir: Path, case_id: str) -> dict[str, Any]:
    """The case file of ``case_id`` (NotFoundError otherwise)."""
    rows = query_dicts(con, sql_dir, "cases/case_get", {"case_id": case_id})
    if not rows:
        raise NotFoundError(f"案件不存在: {case_id}", hint="用 `fundguard cases list` 查看案件编号。")
    return rows[0]


def listed_cases(con: duckdb.DuckDBPyConnection, sql_dir: Path, flt: CaseFilter) -> list[dict[str, Any]]:
    """Cases matching ``flt``, highest priority first."""
    params = {k: getattr(flt, k) for k in CaseFilter.__slots__}
    return query_dicts(con, sql_dir, "cases/cases_list", params)


def append_event(con: duckdb.DuckDBPyConnection, sql_dir: Path, case: dict[str, Any],
                 decision: Decision, to_state: str, now: datetime, run_id: str | None = None) -> None:
    """Append one event to the case history."""
    execute_sql(con, sql_dir, "cases/event_insert", {
        "case_id": case["case_id"], "event_at": now, "actor": decision.actor,
        "action": decision.action, "from_state": case["status"], "to_state": to_state,
        "reason": decision.reason, "run_id": run_id,
        "payload": json.dumps(decision.payload(), ensure_ascii=False),
    })


def record_decision(con: duckdb.DuckDBPyConnection, sql_dir: Path, case_id: str,
                    decision: Decision, now: datetime | None = None) -> dict[str, Any]:
    """Apply one reviewer action: refuse illegal ones, else event + projection in one transaction."""
    now = now or datetime.now()
    with transaction(con):
        case = case_row(con, sql_dir, case_id)
        to_state = next_state(case["status"], decision.action, case_id)
        validate_decision(case, decision)
        new = projected_case(case, decision, to_state, now)
        append_event(con, sql_dir, case, decision, to_state, now)
        execute_sql(con, sql_dir, "cases/case_update",
                    {"case_id": case_id, **{k: new[k] for k in _PROJECTED}})
    return new


def case_history(con: duckdb.DuckDBPyConnection, sql_dir: Path, case_id: str) -> list[dict[str, Any]]:
    """The case's events, oldest first."""
    return query_dicts(con, sql_dir, "cases/case_events", {"case_id": case_id})


def case_findings(con: duckdb.DuckDBPyConnection, sql_dir: Path, case_id: str) -> list[dict[str, Any]]:
    """The findings the case holds."""
    return query_dicts(con, sql_dir, "cases/case_findings", {"case_id": case_id})


def case_lines(con: duckdb.DuckDBPyConnection, sql_dir: Path, case_id: str) -> list[dict[str, Any]]:
    """The fee lines behind the case's findings."""
    return query_dicts(con, sql_dir, "cases/case_lines", {"case_id": case_id})


def case_flags(con: duckdb.DuckDBPyConnection, sql_dir: Path, case_id: str) -> list[dict[str, Any]]:
    """The risk flag (model reasons) that opened the case, if any."""
    return query_dicts(con, sql_dir, "cases/case_flags", {"case_id": case_id})


def assign_to(con: duckdb.DuckDBPyConnection, sql_dir: Path, case_ids: list[str],
              queue: str | None, assignee: str, actor: str) -> list[str]:
    """Assign the given cases (or every unassigned open case of ``queue``); returns their ids."""
    if queue:
        rows = listed_cases(con, sql_dir, CaseFilter(queue=queue, limit=100_000))
        case_ids = [*case_ids, *(r["case_id"] for r in rows
                                 if r["status"] != "结案" and not r["assignee"])]
    if not case_ids:
        raise NotFoundError("没有可分派的案件", hint="请指定案件编号或含未分派案件的队列。")
    decision = Decision(action="assign", actor=actor, reason=f"分派给 {assignee}", assignee=assignee)
    for case_id in case_ids:
        record_decision(con, sql_dir, case_id, decision)
    return case_ids

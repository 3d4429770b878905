"""Case builder: findings and high-risk flags → cases per subject × period × behaviour group.

Case ids are stable (hash of subject, entity, period, group), findings and flags are linked once
(append-only), so a re-run finds nothing pending and changes no case.  A closed case that receives new
findings is reopened with an event; a dismissed case never comes back on its old findings.
Inspection results recorded since the last build join their cases too (``fundguard.cases.inspections``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from fundguard.cases.config import WorkflowConfig
from fundguard.cases.inspections import (
    InspectionCaseChange,
    claim_unreported_cases,
    inspection_params,
    link_inspection_results,
)
from fundguard.db.sqlrun import execute_sql, transaction

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What one case build did (counts only)."""

    new_cases: int
    appended_cases: int
    reopened_cases: int
    linked_findings: int
    linked_flags: int
    refreshed_cases: int
    linked_inspections: int = 0

    def as_counts(self) -> dict[str, int]:
        return {
            "cases_new": self.new_cases, "cases_appended": self.appended_cases,
            "cases_reopened": self.reopened_cases, "findings_linked": self.linked_findings,
            "flags_linked": self.linked_flags, "inspections_linked": self.linked_inspections,
            "cases_refreshed": self.refreshed_cases,
        }


def _prepare_pending(con: duckdb.DuckDBPyConnection, sql_dir: Path, cfg: WorkflowConfig) -> None:
    execute_sql(con, sql_dir, "cases/case_risk")
    execute_sql(con, sql_dir, "cases/pending_findings", {
        "staff_rules": cfg.rules_charged_to("staff"),
        "insured_rules": cfg.rules_charged_to("insured"),
        "institution_rules": cfg.rules_charged_to("institution"),
    })
    execute_sql(con, sql_dir, "cases/pending_flags",
                {"band": cfg.risk_band_for_case, "group": cfg.risk_behaviour_group})
    execute_sql(con, sql_dir, "cases/touched_cases")


def _counts(con: duckdb.DuckDBPyConnection, sql_dir: Path, name: str) -> tuple[int, ...]:
    row = execute_sql(con, sql_dir, f"cases/{name}").fetchone()
    return tuple(int(v) for v in row) if row else ()


def _priority_params(cfg: WorkflowConfig) -> dict[str, object]:
    names = sorted(cfg.severity_weights)
    return {
        "severities": names, "weights": [cfg.severity_weights[n] for n in names],
        "min_amount": cfg.min_priority_amount, "risk_scale": cfg.risk_scale,
    }


def refresh_cases(con: duckdb.DuckDBPyConnection, sql_dir: Path, cfg: WorkflowConfig,
                  params: dict[str, object]) -> int:
    """Recompute amounts, severity, basis and priority of open and touched cases; rows written."""
    execute_sql(con, sql_dir, "cases/case_risk")
    updated = execute_sql(con, sql_dir, "cases/refresh_aggregates",
                          {**params, **_priority_params(cfg), **inspection_params()}).fetchone()
    return int(updated[0]) if updated else 0


def _inspection_counts(changes: list[InspectionCaseChange]) -> tuple[int, int, int, int]:
    actions = [c.action for c in changes]
    return (actions.count("open"), actions.count("append"), actions.count("reopen"),
            sum(len(c.results) for c in changes))


def build_cases(con: duckdb.DuckDBPyConnection, sql_dir: Path, cfg: WorkflowConfig,
                run_id: str | None, now: datetime | None = None) -> BuildResult:
    """Append pending findings, flags and inspection results to (new or existing) cases, in one
    transaction."""
    now = now or datetime.now()
    params = {"run_id": run_id, "now": now}
    with transaction(con):
        _prepare_pending(con, sql_dir, cfg)
        new, appended, reopened = _counts(con, sql_dir, "touched_counts")
        n_findings, n_flags = _counts(con, sql_dir, "pending_counts")
        for name in ("insert_new_cases", "insert_case_findings", "insert_case_flags",
                     "build_events", "reopen_cases"):
            execute_sql(con, sql_dir, f"cases/{name}", params)
        i_new, i_appended, i_reopened, n_results = _inspection_counts(
            link_inspection_results(con, sql_dir, run_id, now))
        execute_sql(con, sql_dir, "cases/inspection/touched_merge")
        claim_unreported_cases(con, sql_dir, run_id)
        refreshed = refresh_cases(con, sql_dir, cfg, params)
    log.info("cases built new=%d appended=%d reopened=%d findings=%d flags=%d inspections=%d",
             new + i_new, appended + i_appended, reopened + i_reopened, n_findings, n_flags, n_results)
    return BuildResult(new + i_new, appended + i_appended, reopened + i_reopened, n_findings, n_flags,
                       refreshed, n_results)

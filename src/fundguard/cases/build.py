"""Case builder: findings and high-risk flags → cases per subject × period × behaviour group.

Case ids are stable (hash of subject, entity, period, group), findings and flags are linked once
(append-only), so a re-run finds nothing pending and changes no case.  A closed case that receives new
findings is reopened with an event; a dismissed case never comes back on its old findings.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from fundguard.cases.config import WorkflowConfig
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

    def as_counts(self) -> dict[str, int]:
        return {
            "cases_new": self.new_cases, "cases_appended": self.appended_cases,
            "cases_reopened": self.reopened_cases, "findings_linked": self.linked_findings,
            "flags_linked": self.linked_flags, "cases_refreshed": self.refreshed_cases,
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


def build_cases(con: duckdb.DuckDBPyConnection, sql_dir: Path, cfg: WorkflowConfig,
                run_id: str | None, now: datetime | None = None) -> BuildResult:
    """Append pending findings and flags to (new or existing) cases, in one transaction."""
    now = now or datetime.now()
    params = {"run_id": run_id, "now": now}
    with transaction(con):
        _prepare_pending(con, sql_dir, cfg)
        new, appended, reopened = _counts(con, sql_dir, "touched_counts")
        n_findings, n_flags = _counts(con, sql_dir, "pending_counts")
        for name in ("insert_new_cases", "insert_case_findings", "insert_case_flags",
                     "build_events", "reopen_cases"):
            execute_sql(con, sql_dir, f"cases/{name}", params)
        updated = execute_sql(con, sql_dir, "cases/refresh_aggregates",
                              {**params, **_priority_params(cfg)}).fetchone()
        refreshed = updated[0] if updated else 0
    log.info("cases built new=%d appended=%d reopened=%d findings=%d flags=%d",
             new, appended, reopened, n_findings, n_flags)
    return BuildResult(new, appended, reopened, n_findings, n_flags, int(refreshed))

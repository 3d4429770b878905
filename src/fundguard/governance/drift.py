"""Fire-rate drift (命中率突变, silent-rule detection): after each rules stage, every rule's hits per
10 000 input rows are compared with the median of its own previous runs (``config/governance.yaml``
``fire_rate``).  A rule that falls to zero where its history predicts hits, or moves beyond the
configured factors, is flagged next to the coverage-based ``degraded`` outcome.
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb

from fundguard.db.sqlrun import execute_sql, query_dicts
from fundguard.governance.config import FireRatePolicy

log = logging.getLogger(__name__)

FLAGGED = ("zero", "drop", "surge")
"""Statuses that mean 命中率突变."""


def record_fire_rates(con: duckdb.DuckDBPyConnection, sql_dir: Path, run_id: str,
                      policy: FireRatePolicy, now: datetime | None = None) -> list[dict[str, Any]]:
    """Compute and store the fire-rate check of ``run_id``; its rows (one per executed rule)."""
    execute_sql(con, sql_dir, "governance/fire_rate_record", {
        "run_id": run_id, "now": now or datetime.now(), **policy.model_dump()})
    rows = fire_rates(con, sql_dir, run_id)
    flagged = [r["rule_id"] for r in rows if r["status"] in FLAGGED]
    if flagged:
        log.warning("fire-rate drift run_id=%s rules=%s", run_id, ",".join(flagged))
    return rows


def fire_rates(con: duckdb.DuckDBPyConnection, sql_dir: Path, run_id: str) -> list[dict[str, Any]]:
    """The stored fire-rate check of ``run_id`` (empty when none was recorded)."""
    return query_dicts(con, sql_dir, "governance/fire_rates_of_run", {"run_id": run_id})


def rule_governance(con: duckdb.DuckDBPyConnection, sql_dir: Path,
                    run_id: str) -> dict[str, dict[str, Any]]:
    """Rule id → mode, exempt/shadow finding counts and the fire-rate check of ``run_id``."""
    rows = query_dicts(con, sql_dir, "governance/rule_governance", {"run_id": run_id})
    return {r["rule_id"]: r for r in rows}

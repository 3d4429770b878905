"""Governance figures added to the rule report and the nightly report."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb

from fundguard.governance.drift import rule_governance
from fundguard.governance.exemptions import list_exemptions

LIVE_DEFAULTS = {"mode": "live", "mode_label": "正式运行", "n_exempt": 0, "n_shadow": 0,
                 "hit_rate": None, "baseline_rate": None, "fire_rate_status": None,
                 "fire_rate_label": None}


def with_governance(con: duckdb.DuckDBPyConnection, sql_dir: Path, run_id: str,
                    rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``rows`` (one per rule, key ``rule_id``) with mode, exempt/shadow counts and fire-rate check."""
    by_rule = rule_governance(con, sql_dir, run_id)
    return [row | LIVE_DEFAULTS | by_rule.get(row["rule_id"], {}) for row in rows]


def report_exemptions(con: duckdb.DuckDBPyConnection, sql_dir: Path, day: date,
                      expiring_days: int) -> list[dict[str, Any]]:
    """Exemptions worth a line in the report of ``day``: in force or pending, covering findings, or
    ended within the last ``expiring_days`` days."""
    recent = day - timedelta(days=expiring_days)
    return [r | {"days_left": (r["applies_to"] - day).days if r["status"] == "active" else None}
            for r in list_exemptions(con, sql_dir, day)
            if r["status"] in ("active", "pending") or r["n_findings"] > 0
            or r["applies_to"] >= recent]

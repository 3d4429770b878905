"""Governance steps of the rules stage: record shadow-mode changes before the rules run, check every
rule's fire rate after they ran.  Both take the stage's connection (the flow holds the writer lock).
"""

from __future__ import annotations

from typing import Any

import duckdb

from fundguard.governance.config import governance_config
from fundguard.governance.drift import FLAGGED, record_fire_rates
from fundguard.governance.shadow import current_modes, sync_rule_modes
from fundguard.rules.catalog import Rule
from fundguard.settings import Settings


def prepare_rules(con: duckdb.DuckDBPyConnection, settings: Settings, rules: list[Rule],
                  run_id: str) -> dict[str, Any]:
    """Bring the recorded rule modes in line with ``config/governance.yaml``; summary counts."""
    cfg = governance_config(settings.config_dir)
    changes = sync_rule_modes(con, settings.sql_dir, cfg, {r.id for r in rules}, run_id)
    shadow = sorted(k for k, v in current_modes(con, settings.sql_dir).items() if v == "shadow")
    return {"n_mode_changes": len(changes), "shadow_rules": shadow}


def check_rules(con: duckdb.DuckDBPyConnection, settings: Settings, run_id: str) -> dict[str, Any]:
    """Record the fire-rate check of the run; the rules flagged 命中率突变."""
    policy = governance_config(settings.config_dir).fire_rate
    rows = record_fire_rates(con, settings.sql_dir, run_id, policy)
    return {"fire_rate_rules": [r["rule_id"] for r in rows if r["status"] in FLAGGED]}

"""Shadow mode (试运行): rules listed under ``shadow_rules`` in ``config/governance.yaml``.

The bureau flips a rule by editing the config; the rules stage records each change as a
``rule_mode_event`` (append-only) before it runs the rules.  A finding first found while its rule was
in shadow mode is a trial finding (``finding_shadow``): stored and reported, but it opens no case and
does not feed the risk score (so never credit), also after the rule goes live.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from fundguard.db.sqlrun import execute_sql, query_dicts, transaction
from fundguard.errors import ConfigError
from fundguard.governance.config import GovernanceConfig

log = logging.getLogger(__name__)

CONFIG_SOURCE = "config/governance.yaml"


@dataclass(frozen=True, slots=True)
class ModeChange:
    rule_id: str
    mode: str
    reason: str
    actor: str


def current_modes(con: duckdb.DuckDBPyConnection, sql_dir: Path) -> dict[str, str]:
    """Rule id → current mode, for rules that ever changed mode (the others are live)."""
    return {r["rule_id"]: r["mode"] for r in query_dicts(con, sql_dir, "governance/rule_modes_current")}


def mode_changes(cfg: GovernanceConfig, current: dict[str, str],
                 known_rules: set[str]) -> list[ModeChange]:
    """The changes bringing the recorded modes in line with the configuration."""
    unknown = sorted(set(cfg.shadow_rules) - known_rules)
    if unknown:
        raise ConfigError(f"试运行名单中的规则不存在: {', '.join(unknown)}", location=CONFIG_SOURCE,
                          hint="用 `fundguard rules list` 查看规则编号。")
    changes = [ModeChange(rule_id, "shadow", entry.reason, entry.approver or "config")
               for rule_id, entry in sorted(cfg.shadow_rules.items())
               if current.get(rule_id) != "shadow"]
    changes += [ModeChange(rule_id, "live", "移出试运行名单, 转为正式运行", "config")
                for rule_id, mode in sorted(current.items())
                if mode == "shadow" and rule_id not in cfg.shadow_rules]
    return changes


def sync_rule_modes(con: duckdb.DuckDBPyConnection, sql_dir: Path, cfg: GovernanceConfig,
                    known_rules: set[str], run_id: str | None,
                    now: datetime | None = None) -> list[ModeChange]:
    """Record the configuration's shadow list as mode changes; returns the changes written."""
    now = now or datetime.now()
    changes = mode_changes(cfg, current_modes(con, sql_dir), known_rules)
    with transaction(con):
        for change in changes:
            execute_sql(con, sql_dir, "governance/rule_mode_insert", {
                "rule_id": change.rule_id, "mode": change.mode, "now": now, "run_id": run_id,
                "actor": change.actor, "source": CONFIG_SOURCE, "reason": change.reason})
    for change in changes:
        log.info("rule mode changed rule_id=%s mode=%s", change.rule_id, change.mode)
    return changes

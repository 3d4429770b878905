"""The rule part of a referral package: each rule's YAML and SQL as run (version, params, window)
and the snapshot of the canonical rows those rules read, scoped to the case's persons/institutions."""

from __future__ import annotations

import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb

from fundguard.db.sqlrun import query_dicts
from fundguard.referral.snapshot import SNAPSHOT_TABLES, tables_read_by, write_snapshot
from fundguard.settings import Settings


def rule_yaml_path(rules_dir: Path, rule_id: str) -> Path | None:
    """``rules/<category>/<rule_id>.yaml`` if the rule exists."""
    found = sorted(rules_dir.glob(f"*/{rule_id}.yaml"))
    return found[0] if found else None


def _param_text(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal | date) else value


def _rule_entry(con: duckdb.DuckDBPyConnection, settings: Settings, rule_id: str,
                finding_ids: list[str], folder: Path) -> tuple[dict[str, Any], list[str]]:
    from fundguard.rules.catalog import load_rule

    entry: dict[str, Any] = {"rule_id": rule_id, "finding_ids": finding_ids}
    yaml_path = rule_yaml_path(settings.rules_dir, rule_id)
    if yaml_path is None:
        return {**entry, "status": "rule_missing"}, []
    rule = load_rule(yaml_path)
    target = folder / "rules" / yaml_path.parent.name
    target.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(yaml_path, target / yaml_path.name)
    shutil.copyfile(yaml_path.with_suffix(".sql"), target / f"{rule_id}.sql")
    (window,) = query_dicts(con, settings.sql_dir, "cases/referral/rule_window",
                            {"finding_ids": finding_ids, "rule_id": rule_id})
    params = {k: _param_text(v) for k, v in rule.spec.default_params().items()}
    entry |= {
        "status": "ok", "version": rule.spec.version, "fingerprint": rule.fingerprint,
        "yaml": f"rules/{yaml_path.parent.name}/{yaml_path.name}",
        "sql": f"rules/{yaml_path.parent.name}/{rule_id}.sql", "params": params,
        "period_start": str(window["period_start"]), "period_end": str(window["period_end"]),
    }
    macros = {r["function_name"]: r["macro_definition"]
              for r in query_dicts(con, settings.sql_dir, "cases/referral/table_macros")}
    return entry, tables_read_by(rule.sql, macros)


def copy_rule_files(con: duckdb.DuckDBPyConnection, settings: Settings,
                    findings: list[dict[str, Any]], folder: Path,
                    full_snapshot: bool = False) -> list[dict[str, Any]]:
    """Copy each rule of the findings and write the input snapshot; returns the rules' manifest."""
    by_rule: dict[str, list[str]] = {}
    for f in findings:
        by_rule.setdefault(f["rule_id"], []).append(f["finding_id"])
    entries, tables = [], set()
    for rule_id, ids in sorted(by_rule.items()):
        entry, needed = _rule_entry(con, settings, rule_id, ids, folder)
        entries.append(entry)
        tables |= set(needed)
    scope = {
        "full": full_snapshot,
        "persons": sorted({f["psn_no"] for f in findings if f["psn_no"]}),
        "institutions": sorted({f["fixmedins_code"] for f in findings if f["fixmedins_code"]}),
        "staff": sorted({f["staff_code"] for f in findings if f["staff_code"]}),
    }
    ordered = [t for t in SNAPSHOT_TABLES if t in tables]
    counts = write_snapshot(con, settings.sql_dir, ordered, scope, folder / "snapshot")
    for entry in entries:
        entry |= {"snapshot_rows": counts, "snapshot_scope": "full" if full_snapshot else "case"}
    return entries

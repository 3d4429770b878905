"""``fundguard rules validate``: the whole-library check used by the CLI and CI.

Loading enforces the per-file contract (raises on the first broken rule); then every query runs
with ``limit 0`` on an empty in-memory database with all migrations applied (result columns), and
the lock file must pin each rule's current version and fingerprint.
"""

from __future__ import annotations

from pathlib import Path

from fundguard.errors import RuleDefinitionError
from fundguard.rules.catalog import (
    Rule,
    check_output_columns,
    known_schemes,
    load_catalog,
    lock_problems,
    read_lock,
)


def output_column_problems(rules: list[Rule], sql_dir: Path) -> list[str]:
    """Chinese messages for rules whose query fails or lacks declared columns on the empty schema."""
    from fundguard.db.connection import memory_connection
    from fundguard.db.migrate import apply_migrations

    con = memory_connection()
    try:
        apply_migrations(con, sql_dir)
        problems = []
        for rule in rules:
            try:
                check_output_columns(con, rule, sql_dir)
            except RuleDefinitionError as exc:
                problems.append(exc.render())
        return problems
    finally:
        con.close()


def library_problems(rules_dir: Path, sql_dir: Path, config_dir: Path) -> tuple[list[Rule], list[str]]:
    """The loaded rules and every problem found (empty list = valid)."""
    rules = load_catalog(rules_dir, known_schemes=known_schemes(config_dir))
    problems = output_column_problems(rules, sql_dir)
    problems += lock_problems(rules, read_lock(rules_dir))
    return rules, problems

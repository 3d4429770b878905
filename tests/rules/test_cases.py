"""Every rule's YAML cases: given rows → expected hit keys (and evidence values when given)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest

from fundguard.rules.catalog import find_rule, load_catalog
from fundguard.rules.runner import RunRequest, run_rules

from .case_support import (
    all_case_ids,
    case_files,
    finding_rows,
    insert_rows,
    load_cases,
    merged_given,
    period_of,
    reset_tables,
)

REPO = Path(__file__).resolve().parents[2]
RULES = load_catalog(REPO / "rules")


@pytest.fixture(scope="module")
def migrated_db():
    """One migrated in-memory database for all cases of this module (emptied before each case)."""
    from fundguard.db.connection import memory_connection
    from fundguard.db.migrate import apply_migrations

    con = memory_connection()
    apply_migrations(con, REPO / "sql")
    yield con
    con.close()


@pytest.fixture
def case_db(migrated_db):
    reset_tables(migrated_db)
    return migrated_db


def _key(row: dict, key: list[str]) -> tuple[str, ...]:
    return tuple(str(row.get(k)) for k in key)


def _same(actual: object, expected: object) -> bool:
    try:
        return Decimal(str(actual)) == Decimal(str(expected))
    except InvalidOperation:
        return str(actual) == str(expected)


@pytest.mark.parametrize(("rule_id", "index", "name"), all_case_ids())
def test_rule_case(case_db, rule_id: str, index: int, name: str) -> None:
    duck = case_db
    doc = load_cases(REPO / "tests/rules/cases" / f"{rule_id}.yaml")
    case = doc["cases"][index]
    rule = find_rule(RULES, rule_id)
    insert_rows(duck, merged_given(doc, case))
    start, end = period_of(doc, case)
    request = RunRequest("case-run", start, end, overrides={rule_id: case.get("params") or {}})
    [result] = run_rules(duck, [rule], request, REPO / "sql")
    assert result.error is None, result.error
    key = rule.spec.output.key
    hits = {_key(row, key): row for row in finding_rows(duck, rule_id)}
    expected = {_key(row, key): row for row in case["expect"]}
    assert set(hits) == set(expected), name
    for k, row in expected.items():
        wrong = {f: (hits[k].get(f), v) for f, v in row.items() if not _same(hits[k].get(f), v)}
        assert wrong == {}, name


def test_every_rule_has_positive_and_negative_case() -> None:
    missing = []
    documented = {load_cases(p)["rule"]: load_cases(p)["cases"] for p in case_files()}
    for rule in RULES:
        cases = documented.get(rule.id, [])
        if not any(c["expect"] for c in cases) or not any(not c["expect"] for c in cases):
            missing.append(rule.id)
    assert missing == []


def test_case_files_name_existing_rules() -> None:
    ids = {r.id for r in RULES}
    assert {load_cases(p)["rule"] for p in case_files()} <= ids
    assert all(load_cases(p)["rule"] == p.stem for p in case_files())

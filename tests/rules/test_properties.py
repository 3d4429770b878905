"""Property: rule results do not depend on the order rows were inserted in."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fundguard.rules.catalog import find_rule, load_catalog
from fundguard.rules.runner import RunRequest, run_rules

from .case_support import insert_rows, load_cases, merged_given, period_of

REPO = Path(__file__).resolve().parents[2]
RULES = load_catalog(REPO / "rules")
ORDER_SENSITIVE = ["trace_code_reused", "frequency_over_limit", "unbundled_charge",
                   "period_frequency_over_limit", "card_distant_same_day"]


def _hits(rule_id: str, given_rows: dict, period) -> set[str]:
    from fundguard.db.connection import memory_connection
    from fundguard.db.migrate import apply_migrations

    con = memory_connection()
    try:
        apply_migrations(con, REPO / "sql")
        insert_rows(con, given_rows)
        run_rules(con, [find_rule(RULES, rule_id)], RunRequest("P", *period), REPO / "sql")
        return {r[0] for r in con.execute("select finding_key from finding").fetchall()}
    finally:
        con.close()


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rule_id=st.sampled_from(ORDER_SENSITIVE), data=st.data())
def test_hits_are_independent_of_row_order(rule_id: str, data) -> None:
    doc = load_cases(REPO / "tests/rules/cases" / f"{rule_id}.yaml")
    case = doc["cases"][0]
    rows = merged_given(doc, case)
    shuffled = {table: data.draw(st.permutations(items)) for table, items in rows.items()}
    period = period_of(doc, case)
    assert _hits(rule_id, shuffled, period) == _hits(rule_id, rows, period)

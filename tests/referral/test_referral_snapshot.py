from pathlib import Path

from fundguard.cases.sqlrun import query_dicts
from fundguard.referral.snapshot import tables_read_by

REPO = Path(__file__).resolve().parents[2]


def _macros(duck):
    return {r["function_name"]: r["macro_definition"]
            for r in query_dicts(duck, REPO / "sql", "cases/referral/table_macros")}


def test_tables_read_directly_and_through_table_macros(duck):
    price = (REPO / "rules" / "policy_restriction" / "price_over_cap.sql").read_text("utf-8")
    assert tables_read_by(price, {}) == ["institution", "price_cap", "settlement", "fee_line"]
    frequent = (REPO / "rules" / "behavior" / "frequent_outpatient.sql").read_text("utf-8")
    assert tables_read_by(frequent, {}) == []
    assert "settlement" in tables_read_by(frequent, _macros(duck))

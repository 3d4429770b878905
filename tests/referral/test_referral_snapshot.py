from pathlib import Path

from fundguard.db.sqlrun import query_dicts
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


def test_snapshot_scoped_to_case_or_full(duck, tmp_path):
    from datetime import datetime

    import pyarrow.parquet as pq
    from tests.cases.factories import add_visit, over_cap_city

    from fundguard.referral.snapshot import load_snapshot, write_snapshot

    over_cap_city(duck)
    add_visit(duck, "S2", datetime(2026, 3, 6, 9), "D230302000002", [("1", "X1", 5, 1)])
    duck.execute("update settlement set psn_no = 'P0002' where setl_id = 'S2'")
    scope = {"full": False, "persons": ["P0001"], "institutions": [], "staff": []}
    counts = write_snapshot(duck, REPO / "sql", ["settlement", "insured"], scope, tmp_path / "case")
    assert counts == {"settlement": 1, "insured": 1}
    full = write_snapshot(duck, REPO / "sql", ["settlement", "insured"], scope | {"full": True},
                          tmp_path / "full")
    assert full == {"settlement": 2, "insured": 2}
    assert pq.read_table(tmp_path / "case" / "settlement.parquet").column("setl_id").to_pylist() == ["S1"]
    from fundguard.db.connection import memory_connection
    from fundguard.db.migrate import apply_migrations

    fresh = memory_connection()
    apply_migrations(fresh, REPO / "sql")
    assert load_snapshot(fresh, tmp_path / "full") == {"insured": 2, "settlement": 2}
    fresh.close()

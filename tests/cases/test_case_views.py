"""Feedback views read by other parts: entity_disposition (anomaly labels), rule_precision (rule
quality report), savings_ledger (identified → confirmed → recovered)."""

from datetime import datetime
from decimal import Decimal
from pathlib import Path

from tests.cases.factories import add_finding, add_risk, case_id_of, drive_case, seed_reference

from fundguard.cases.build import build_cases
from fundguard.cases.config import workflow_config

REPO = Path(__file__).resolve().parents[2]
SQL = REPO / "sql"


def _decided_city(duck):
    seed_reference(duck)
    add_finding(duck, "a", vola_amt=Decimal("300.00"))
    add_finding(duck, "b", rule_id="duplicate_charge", vola_amt=Decimal("100.00"))
    add_finding(duck, "p", fixmedins_code="P23030300001", staff_code=None)
    add_risk(duck, "insured", "P0002", "2026-03", 95.0, "高")
    build_cases(duck, SQL, workflow_config(REPO / "config"), "r1")
    at = datetime(2026, 4, 2)
    drive_case(duck, SQL, case_id_of(duck, "H23030200001"), "confirm_violation", at,
               returned=Decimal("200.00"), fined=Decimal("400.00"))
    drive_case(duck, SQL, case_id_of(duck, "P23030300001"), "dismiss", at)


def test_entity_disposition_labels_decided_cases(duck):
    _decided_city(duck)
    rows = duck.execute("select entity_type, entity_id, label, decided_at from entity_disposition"
                        " order by entity_id").fetchall()
    assert rows == [("institution", "H23030200001", 1, datetime(2026, 4, 2)),
                    ("institution", "P23030300001", 0, datetime(2026, 4, 2))]


def test_rule_precision_from_dispositions(duck):
    _decided_city(duck)
    rows = duck.execute("select * from rule_precision order by rule_id").fetchall()
    assert rows == [("duplicate_charge", 1, 1, 1.0), ("price_over_cap", 2, 1, 0.5)]


def test_savings_ledger_splits_case_amounts_by_rule(duck):
    _decided_city(duck)
    rows = {r[1]: r[2:] for r in duck.execute("select * from savings_ledger").fetchall()}
    # hospital case: 400 identified (300 + 100), confirmed 400, returned 200, fined 400
    assert rows["price_over_cap"] == (2, Decimal("1500.00"), Decimal("300.00"), Decimal("150.00"),
                                      Decimal("300.00"))
    assert rows["duplicate_charge"] == (1, Decimal("100.00"), Decimal("100.00"), Decimal("50.00"),
                                        Decimal("100.00"))
    assert rows["iforest-v1"] == (1, Decimal("0.00"), Decimal("0.00"), Decimal("0.00"), Decimal("0.00"))

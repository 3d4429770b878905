from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from fundguard.ingest.tables import LOAD_ORDER, data_columns
from fundguard.quality.contracts import contract

SQL = Path(__file__).resolve().parents[2] / "sql"
NOW = datetime(2026, 3, 31)


@pytest.fixture(scope="module")
def codes(duck):
    return {t: list(c) for t, c in duck.execute(
        "select code_type, list(code) from code_list group by code_type").fetchall()}


@pytest.fixture(scope="module")
def duck():
    from fundguard.db.connection import memory_connection
    from fundguard.db.migrate import apply_migrations

    con = memory_connection()
    apply_migrations(con, SQL)
    yield con
    con.close()


@pytest.mark.parametrize("table", LOAD_ORDER)
def test_contract_derives_required_type_and_code_checks_from_the_ddl(table, codes):
    cols = data_columns(SQL, table)
    checks = {c.name: c for c in contract(table, cols, codes, NOW)}
    for col in cols:
        if not col.nullable and not col.has_default and not col.name.startswith("certno"):
            assert checks[f"{table}.{col.name}.required"].severity == "blocking"
        if col.dtype != "VARCHAR":
            assert f"{table}.{col.name}.type" in checks


def test_code_lists_come_from_code_list(codes):
    checks = {c.name: c for c in contract("settlement", data_columns(SQL, "settlement"), codes, NOW)}
    assert set(checks["settlement.med_type.code"].params["value_set"]) == set(codes["med_type"])
    cap = {c.name: c for c in contract("price_cap", data_columns(SQL, "price_cap"), codes, NOW)}
    assert "*" in cap["price_cap.medins_lv.code"].params["value_set"]


BUSINESS_FIELDS = {  # things the rule library must find: never blocking
    "settlement": {"main_diag_code", "upload_time", "dr_codg"},  # endtime: only its absence warns
    "fee_line": {"med_list_codg", "bilg_dr_codg", "cnt", "drug_trac_codg"},
}


@pytest.mark.parametrize("table", sorted(BUSINESS_FIELDS))
def test_business_violations_are_never_blocking(table, codes):
    for check in contract(table, data_columns(SQL, table), codes, NOW):
        validity = check.name.endswith((".required", ".type"))
        if check.field in BUSINESS_FIELDS[table] and not validity:
            assert check.severity == "warning", check.name

"""Reconciliation of one settle period on constructed data (real DuckDB): every status, tolerances,
payment lag, clearing types, summary counts, idempotence."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from tests.reconcile.factories import debit, disburse, institution, paid, settle

from fundguard.errors import ConfigError
from fundguard.reconcile.config import Clearing, ReconcileConfig, Tolerance, load_reconcile_config
from fundguard.reconcile.reconcile import STATUSES, reconcile_period

REPO = Path(__file__).resolve().parents[2]
SQL = REPO / "sql"
AFTER_DUE = date(2025, 3, 15)   # January is due by the end of February (lag 1 month)


@pytest.fixture
def city(duck):
    """One institution per status, each with 1,000.00 元 fund settled in January 2025."""
    codes = {"H01": "一致", "H02": "拨付多于结算", "H03": "拨付少于结算", "H04": "无银行流水",
             "H05": "银行流水金额不符", "H06": "重复拨付", "H07": "银行流水对方单位不符",
             "H08": "向暂停或解除协议机构拨付"}
    for code in codes:
        institution(duck, code, *(("2", date(2025, 2, 1)) if code == "H08" else ()))
        settle(duck, f"S{code}a", code, "2025-01-10 09:00:00", "600.00")
        settle(duck, f"S{code}b", code, "2025-01-31 22:00:00", "400.00")
    settle(duck, "SH01c", "H01", "2025-02-01 08:00:00", "77.00")   # February: not in January
    for code in ("H01", "H06", "H08"):
        paid(duck, f"D{code}", code, "1000.00")
    paid(duck, "DH02", "H02", "1000.50")
    paid(duck, "DH03", "H03", "900.00")
    disburse(duck, "DH04", "H04", "1000.00")                      # no bank debit
    disburse(duck, "DH05", "H05", "1000.00")
    debit(duck, "BDH05", "H05", "1010.00")
    paid(duck, "DH06b", "H06", "1000.00", on="2025-02-25")        # same amount again
    disburse(duck, "DH07", "H07", "1000.00")
    debit(duck, "BDH07", "H99", "1000.00")                        # paid to another account
    debit(duck, "BX1", "H01", "55.00", on="2025-01-05")           # January debit, no disbursement
    debit(duck, "BX2", "H01", "66.00", on="2025-02-05")           # February: not in January's report
    debit(duck, "BX3", "H01", "77.00", on="2025-01-06", account_type="income")
    return duck, codes


def _by_code(result) -> dict[str, dict]:
    return {u["fixmedins_code"]: u for u in result.units if u["bank_txn_id"] is None}


def test_every_status_on_constructed_data(city) -> None:
    con, codes = city
    result = reconcile_period(con, SQL, ReconcileConfig(), "2025-01", AFTER_DUE)
    units = _by_code(result)
    assert {code: units[code]["status"] for code in codes} == codes
    assert units["H01"]["settled_amt"] == Decimal("1000.00") and units["H01"]["n_setl"] == 2
    assert units["H02"]["diff_amt"] == Decimal("0.50")
    assert units["H06"]["repeated_amt"] == Decimal("1000.00") and units["H06"]["net_disbursed_amt"] == 1000
    assert units["H06"]["issues"] == "重复拨付"
    [orphan] = [u for u in result.units if u["bank_txn_id"]]
    assert (orphan["bank_txn_id"], orphan["status"], orphan["bank_amt"]) == ("BX1", "银行流水无对应拨付", 55)


def test_disbursement_rows_say_what_is_wrong_with_each(city) -> None:
    con, _ = city
    rows = {d["disb_id"]: d for d in reconcile_period(con, SQL, ReconcileConfig(), "2025-01", AFTER_DUE).disbursements}
    assert rows["DH06b"]["status"] == "重复拨付" and rows["DH06b"]["first_disb_id"] == "DH06"
    assert rows["DH06"]["status"] == "一致" and rows["DH01"]["status"] == "一致"
    assert rows["DH04"]["status"] == "无银行流水" and rows["DH05"]["bank_amt"] == Decimal("1010.00")
    assert rows["DH08"]["status"] == "向暂停或解除协议机构拨付"


def test_shortfall_is_pending_until_due(city) -> None:
    con, _ = city
    before = reconcile_period(con, SQL, ReconcileConfig(), "2025-01", date(2025, 2, 28))
    assert _by_code(before)["H03"]["status"] == "待拨付"
    no_lag = reconcile_period(con, SQL, ReconcileConfig(lag_months=0), "2025-01", date(2025, 2, 1))
    assert _by_code(no_lag)["H03"]["status"] == "拨付少于结算"


def test_tolerances(city) -> None:
    con, _ = city
    loose = ReconcileConfig(tolerance=Tolerance(absolute=Decimal("0.01"), relative=0.001),
                            bank_tolerance=Decimal("10.00"))
    units = _by_code(reconcile_period(con, SQL, loose, "2025-01", AFTER_DUE))
    assert units["H02"]["status"] == "一致" and units["H02"]["tolerance"] == Decimal("1.00")
    assert units["H05"]["status"] == "一致"
    strict = ReconcileConfig(tolerance=Tolerance(absolute=Decimal("0.51"), relative=0))
    assert _by_code(reconcile_period(con, SQL, strict, "2025-01", AFTER_DUE))["H02"]["status"] == "一致"
    exact = ReconcileConfig(tolerance=Tolerance(absolute=Decimal("0.49"), relative=0))
    assert _by_code(reconcile_period(con, SQL, exact, "2025-01", AFTER_DUE))["H02"]["status"] == "拨付多于结算"


def test_clearing_types_split_settlements_by_med_type(duck) -> None:
    institution(duck, "H01")
    settle(duck, "S1", "H01", "2025-01-10 09:00:00", "500.00", med_type="21")
    settle(duck, "S2", "H01", "2025-01-11 09:00:00", "200.00", med_type="11")
    paid(duck, "D1", "H01", "500.00")
    duck.execute("update fund_disbursement set clr_type = '住院' where disb_id = 'D1'")
    paid(duck, "D2", "H01", "260.00")
    cfg = ReconcileConfig(clearing=Clearing(by_med_type={"住院": ["21", "24"]}))
    units = {u["clr_type"]: u for u in reconcile_period(duck, SQL, cfg, "2025-01", AFTER_DUE).units}
    assert units["住院"]["status"] == "一致" and units["住院"]["settled_amt"] == 500
    assert units["按月清算"]["status"] == "拨付多于结算" and units["按月清算"]["diff_amt"] == 60


def test_summary_counts_every_status(city) -> None:
    con, codes = city
    summary = reconcile_period(con, SQL, ReconcileConfig(), "2025-01", AFTER_DUE).summary()
    assert [s["status"] for s in summary] == list(STATUSES)
    counts = {s["status"]: s["n_units"] for s in summary}
    assert counts == {**dict.fromkeys(STATUSES, 0), **dict.fromkeys(codes.values(), 1), "银行流水无对应拨付": 1}


def test_reconciling_twice_gives_the_same_result_and_writes_nothing(city) -> None:
    con, _ = city
    tables = "select (select count(*) from fund_disbursement), (select count(*) from bank_record)"
    before = con.execute(tables).fetchone()
    first = reconcile_period(con, SQL, ReconcileConfig(), "2025-01")
    second = reconcile_period(con, SQL, ReconcileConfig(), "2025-01")
    assert first == second and first.as_of == date(2025, 2, 25)   # latest business date in the data
    assert con.execute(tables).fetchone() == before


def test_bad_period_is_refused(duck) -> None:
    with pytest.raises(ConfigError, match="YYYY-MM"):
        reconcile_period(duck, SQL, ReconcileConfig(), "2025-1")


def test_project_config_matches_the_rule_defaults() -> None:
    from fundguard.rules.catalog import load_catalog

    cfg = load_reconcile_config(REPO / "config")
    rules = {r.id: r.spec.default_params() for r in load_catalog(REPO / "rules") if r.spec.category == "fund_payment"}
    assert len(rules) == 5
    for params in rules.values():
        assert params.get("abs_tolerance", cfg.tolerance.absolute) == cfg.tolerance.absolute
        assert params.get("rel_tolerance", cfg.tolerance.relative) == cfg.tolerance.relative
        assert params.get("bank_tolerance", cfg.bank_tolerance) == cfg.bank_tolerance
        assert params.get("default_clr_type", cfg.clearing.default_clr_type) == cfg.clearing.default_clr_type
        assert params.get("clr_type_map", cfg.clearing.map_text()) == cfg.clearing.map_text()


def test_clearing_names_cannot_break_the_map_text() -> None:
    with pytest.raises(ValueError, match="不能"):
        Clearing(by_med_type={"住院;药店": ["21"]})

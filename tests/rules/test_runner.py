"""Runner: isolation of failing rules, idempotent upserts, coverage → degraded, exact fund share."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from fundguard.rules.catalog import find_rule, load_catalog
from fundguard.rules.runner import RunRequest, backtest_hits, run_rules

from .case_support import insert_rows
from .conftest import VALID_SQL, VALID_YAML, write_rule

REPO = Path(__file__).resolve().parents[2]
SQL_DIR = REPO / "sql"
JANUARY = (date(2025, 1, 1), date(2025, 1, 31))


def _request(run_id: str, **kw) -> RunRequest:
    return RunRequest(run_id, *JANUARY, **kw)


def _settlements(duck, *amounts: str, **extra) -> None:
    rows = [{"setl_id": f"S{i}", "medfee_sumamt": a, "fund_pay_sumamt": "1.00", "psn_part_amt": "0",
             **extra} for i, a in enumerate(amounts)]
    insert_rows(duck, {"settlement": rows})


def test_failing_rule_is_recorded_and_the_run_goes_on(duck, rules_dir: Path) -> None:
    write_rule(rules_dir, "data_quality", "broken_rule",
               VALID_YAML.replace("big_settlement", "broken_rule"),
               VALID_SQL.replace("from settlement", "from settlement_missing"))
    _settlements(duck, "5000.00")
    results = {r.rule_id: r for r in run_rules(duck, load_catalog(rules_dir), _request("R1"), SQL_DIR)}
    assert results["broken_rule"].outcome == "error"
    assert "settlement_missing" in results["broken_rule"].error
    assert results["big_settlement"].outcome == "hit"
    outcomes = dict(duck.execute("select rule_id, outcome from rule_execution").fetchall())
    assert outcomes == {"broken_rule": "error", "big_settlement": "hit"}


def test_rerun_updates_findings_without_duplicating(duck, rules_dir: Path) -> None:
    _settlements(duck, "5000.00", "20.00", "3000.00")
    rules = load_catalog(rules_dir)
    run_rules(duck, rules, _request("R1"), SQL_DIR)
    run_rules(duck, rules, _request("R2"), SQL_DIR)
    rows = duck.execute(
        "select finding_key, first_run_id, last_run_id from finding order by finding_key").fetchall()
    assert rows == [("S0", "R1", "R2"), ("S2", "R1", "R2")]
    assert duck.execute("select count(*) from rule_execution").fetchone()[0] == 2


def test_finding_id_is_deterministic(duck, rules_dir: Path) -> None:
    import hashlib

    _settlements(duck, "5000.00")
    run_rules(duck, load_catalog(rules_dir), _request("R1"), SQL_DIR)
    expected = hashlib.sha256(b"big_settlement|S0").hexdigest()[:32]
    assert duck.execute("select finding_id from finding").fetchone()[0] == expected


def test_fund_share_is_exact_to_the_fen(duck, rules_dir: Path) -> None:
    insert_rows(duck, {"settlement": [{"setl_id": "S1", "medfee_sumamt": "3000.00",
                                       "fund_pay_sumamt": "1000.00", "psn_part_amt": "2000.00"}]})
    [result] = run_rules(duck, load_catalog(rules_dir), _request("R1"), SQL_DIR)
    assert duck.execute("select vola_amt, fund_amt from finding").fetchone() == (
        Decimal("3000.00"), Decimal("1000.00"))
    assert result.fund_amount == Decimal("1000.00")


def test_low_coverage_marks_the_rule_degraded(duck, rules_dir: Path) -> None:
    yaml_text = VALID_YAML.replace("required_fields: [settlement.medfee_sumamt]",
                                   "required_fields: [settlement.medfee_sumamt, settlement.dr_codg]")
    write_rule(rules_dir, "data_quality", "big_settlement", yaml_text, VALID_SQL)
    _settlements(duck, "5000.00", "10.00", "20.00", dr_codg=None)
    [result] = run_rules(duck, load_catalog(rules_dir), _request("R1"), SQL_DIR)
    assert result.outcome == "degraded"
    assert result.coverage == 0.0
    assert result.n_hits == 1


def test_violating_and_related_lines_are_written(duck) -> None:
    rule = find_rule(load_catalog(REPO / "rules"), "duplicate_charge")
    insert_rows(duck, {
        "knowledge_point": [{"kp_id": "K1", "kp_type": "CONTAINS", "hilist_code": "A", "related_codes": "B"}],
        "settlement": [{"setl_id": "S1"}],
        "fee_line": [{"setl_id": "S1", "feedetl_sn": "1", "med_list_codg": "A"},
                     {"setl_id": "S1", "feedetl_sn": "2", "med_list_codg": "B", "pric": "20"}],
    })
    run_rules(duck, [rule], _request("R1"), SQL_DIR)
    lines = duck.execute("select feedetl_sn, vola_item_type, vola_amt, fund_amt from finding_line"
                         " order by feedetl_sn").fetchall()
    assert lines == [("1", "2", Decimal("0.00"), Decimal("0.00")),
                     ("2", "1", Decimal("20.00"), Decimal("14.00"))]


def test_param_override_and_backtest_write_nothing(duck, rules_dir: Path) -> None:
    _settlements(duck, "5000.00", "300.00")
    [rule] = load_catalog(rules_dir)
    request = _request("bt", overrides={"big_settlement": {"min_amount": "100"}}, persist=False)
    hits = backtest_hits(duck, rule, request, SQL_DIR, limit=10)
    assert sorted(h["setl_id"] for h in hits) == ["S0", "S1"]
    assert duck.execute("select count(*) from finding").fetchone()[0] == 0


def test_parallel_workers_give_the_same_findings(duck, rules_dir: Path) -> None:
    write_rule(rules_dir, "data_quality", "big_settlement_2",
               VALID_YAML.replace("big_settlement", "big_settlement_2"), VALID_SQL)
    _settlements(duck, "5000.00", "20.00", "3000.00")
    results = run_rules(duck, load_catalog(rules_dir), _request("R1", workers=2), SQL_DIR)
    assert [r.n_hits for r in results] == [2, 2]
    assert duck.execute("select count(*) from finding").fetchone()[0] == 4

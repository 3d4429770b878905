"""Shared rule inputs: computed once per run with the largest mapped param, read by every rule that
declares them, a failing input fails only its rules, and nothing is left attached afterwards."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from fundguard.rules.catalog import find_rule, load_catalog
from fundguard.rules.inputs import input_params
from fundguard.rules.runner import RunRequest, backtest_hits, rule_params, run_rules

from .case_support import insert_rows
from .conftest import VALID_YAML, write_rule

REPO = Path(__file__).resolve().parents[2]
JANUARY = (date(2025, 1, 1), date(2025, 1, 31))

INPUT_SQL = """-- Settlement totals per institution, settlements of at least $floor only.
select fixmedins_code, sum(medfee_sumamt) as total, count(*) as n_setl
from settlement
where fg_in_period(setl_time, $period_start, $period_end) and medfee_sumamt >= $floor
group by fixmedins_code
"""

RULE_SQL = """-- Settlements of at least $min_amount at institutions whose total of such settlements
-- exceeds $min_total.
select
    s.setl_id, s.mdtrt_id, s.psn_no, s.fixmedins_code, s.dr_codg as staff_code,
    cast(s.setl_time as date) as event_date, s.medfee_sumamt as vola_amt, s.medfee_sumamt
from settlement as s
inner join (
    select i.fixmedins_code, sum(x.medfee_sumamt) as total
    from rule_input.inst_total as i
    inner join settlement as x on x.fixmedins_code = i.fixmedins_code
    where x.medfee_sumamt >= $min_amount and fg_in_period(x.setl_time, $period_start, $period_end)
    group by i.fixmedins_code
) as t on t.fixmedins_code = s.fixmedins_code
where fg_in_period(s.setl_time, $period_start, $period_end)
    and s.medfee_sumamt >= $min_amount and t.total > $min_total
"""


def _yaml(rule_id: str, min_amount: str) -> str:
    return (VALID_YAML.replace("big_settlement", rule_id)
            .replace('default: "1000"', f'default: "{min_amount}"')
            .replace("output:", 'inputs:\n  inst_total: {floor: min_amount}\noutput:')
            .replace("params:\n", 'params:\n  min_total: {type: decimal, default: "5000", ge: 0,'
                     ' le: 100000000, description: 机构合计下限(元)}\n'))


@pytest.fixture
def project(tmp_path: Path, rules_dir: Path) -> tuple[Path, Path]:
    """A sql/ copy with the test input, and the rule library with two rules reading it."""
    sql_dir = tmp_path / "sql"
    shutil.copytree(REPO / "sql", sql_dir)
    (sql_dir / "rule_inputs" / "inst_total.sql").write_text(INPUT_SQL, encoding="utf-8")
    write_rule(rules_dir, "data_quality", "busy_low", _yaml("busy_low", "100"), RULE_SQL)
    write_rule(rules_dir, "data_quality", "busy_high", _yaml("busy_high", "2000"), RULE_SQL)
    return sql_dir, rules_dir


def _settlements(duck) -> None:
    rows = [{"setl_id": f"S{i}", "fixmedins_code": inst, "medfee_sumamt": amount,
             "fund_pay_sumamt": "1.00", "psn_part_amt": "0"}
            for i, (inst, amount) in enumerate([("H1", "3000.00"), ("H1", "3000.00"), ("H1", "150.00"),
                                                ("H2", "2500.00"), ("H2", "120.00")])]
    insert_rows(duck, {"settlement": rows})


def test_input_params_take_the_window_and_the_largest_mapped_value(project) -> None:
    _, rules_dir = project
    rules = load_catalog(rules_dir)
    request = RunRequest("R1", *JANUARY)
    runs = [(r, rule_params(r, request)) for r in rules if r.spec.inputs]
    params = input_params("inst_total", runs)
    assert params["floor"] == 2000
    assert (params["period_start"], params["period_end"]) == JANUARY


def test_rules_read_the_shared_input_and_nothing_stays_attached(duck, project) -> None:
    sql_dir, rules_dir = project
    _settlements(duck)
    results = {r.rule_id: r for r in run_rules(duck, load_catalog(rules_dir), RunRequest("R1", *JANUARY),
                                               sql_dir)}
    # The input holds the institutions with a settlement >= 2000 (largest floor): H1 and H2.
    # busy_high (>= 2000, total > 5000): H1's two settlements (6000); busy_low (>= 100): H1's
    # three (6150), not H2's (2620).
    assert results["busy_high"].n_hits == 2
    assert results["busy_low"].n_hits == 3
    assert results["big_settlement"].outcome == "hit"
    attached = {row[0] for row in duck.execute("select database_name from duckdb_databases()").fetchall()}
    assert "rule_input" not in attached


def test_a_failing_input_fails_only_the_rules_reading_it(duck, project) -> None:
    sql_dir, rules_dir = project
    (sql_dir / "rule_inputs" / "inst_total.sql").write_text(
        INPUT_SQL.replace("from settlement", "from settlement_missing"), encoding="utf-8")
    _settlements(duck)
    results = {r.rule_id: r for r in run_rules(duck, load_catalog(rules_dir), RunRequest("R1", *JANUARY),
                                               sql_dir)}
    assert results["busy_high"].outcome == results["busy_low"].outcome == "error"
    assert "规则输入 inst_total" in results["busy_high"].error
    assert results["big_settlement"].outcome == "hit"


def test_backtest_prepares_the_input_too(duck, project) -> None:
    sql_dir, rules_dir = project
    _settlements(duck)
    rule = find_rule(load_catalog(rules_dir), "busy_high")
    rows = backtest_hits(duck, rule, RunRequest("B", *JANUARY), sql_dir, limit=10)
    assert sorted(r["setl_id"] for r in rows) == ["S0", "S1"]


def test_an_input_must_map_declared_params(rules_dir: Path) -> None:
    from fundguard.errors import RuleDefinitionError

    write_rule(rules_dir, "data_quality", "bad_input",
               _yaml("bad_input", "100").replace("{floor: min_amount}", "{floor: no_such_param}"),
               RULE_SQL)
    with pytest.raises(RuleDefinitionError, match="no_such_param"):
        load_catalog(rules_dir)


CODES_INPUT_SQL = """-- Settlement totals of the institutions in $insts.
select fixmedins_code, sum(medfee_sumamt) as total, count(*) as n_setl
from settlement
where fg_in_period(setl_time, $period_start, $period_end) and list_contains($insts, fixmedins_code)
group by fixmedins_code
"""

CODES_RULE_SQL = """-- Settlements of institutions in the input with a total above $min_amount.
select
    s.setl_id, s.mdtrt_id, s.psn_no, s.fixmedins_code, s.dr_codg as staff_code,
    cast(s.setl_time as date) as event_date, s.medfee_sumamt as vola_amt, s.medfee_sumamt
from settlement as s
inner join rule_input.inst_codes as i on i.fixmedins_code = s.fixmedins_code
where fg_in_period(s.setl_time, $period_start, $period_end) and i.total > $min_amount
"""


def _codes_yaml(rule_id: str, codes: str) -> str:
    return (VALID_YAML.replace("big_settlement", rule_id)
            .replace("output:", f"inputs:\n  inst_codes: {{insts: {codes}}}\noutput:"))


def test_code_lists_are_united_and_bound_so_the_input_holds_only_what_rules_ask_for(
        duck, project) -> None:
    sql_dir, rules_dir = project
    (sql_dir / "rule_inputs" / "inst_codes.sql").write_text(CODES_INPUT_SQL, encoding="utf-8")
    write_rule(rules_dir, "data_quality", "codes_h1", _codes_yaml("codes_h1", "[H1]"),
               CODES_RULE_SQL)
    write_rule(rules_dir, "data_quality", "codes_h3", _codes_yaml("codes_h3", "[H3, H1]"),
               CODES_RULE_SQL)
    rules = [r for r in load_catalog(rules_dir) if "inst_codes" in r.spec.inputs]
    request = RunRequest("R1", *JANUARY)
    assert input_params("inst_codes", [(r, rule_params(r, request)) for r in rules])["insts"] \
        == ["H1", "H3"]
    _settlements(duck)
    results = {r.rule_id: r for r in run_rules(duck, rules, request, sql_dir)}
    # H2's settlements (total 2620 > 1000) are not in the input: no rule asked for H2.
    assert results["codes_h1"].n_hits == results["codes_h3"].n_hits == 3


def test_the_input_mapping_is_part_of_the_fingerprint(rules_dir: Path) -> None:
    from fundguard.rules.catalog import rule_fingerprint

    write_rule(rules_dir, "data_quality", "codes_a", _codes_yaml("codes_a", "[H1]"), CODES_RULE_SQL)
    rule = find_rule(load_catalog(rules_dir), "codes_a")
    other = rule.spec.model_copy(update={"inputs": {"inst_codes": {"insts": ["H2"]}}})
    assert rule_fingerprint(rule.spec, rule.sql) != rule_fingerprint(other, rule.sql)

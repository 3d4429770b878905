"""Loader contract: ids, params, read-only SQL, result columns, version bump via the lock file."""

from __future__ import annotations

from pathlib import Path

import pytest

from fundguard.errors import RuleDefinitionError
from fundguard.rules.catalog import (
    check_output_columns,
    load_catalog,
    lock_problems,
    read_lock,
    write_lock,
)

from .conftest import VALID_SQL, VALID_YAML, write_rule

REPO = Path(__file__).resolve().parents[2]


def test_valid_rule_loads(rules_dir: Path) -> None:
    [rule] = load_catalog(rules_dir)
    assert rule.id == "big_settlement"
    assert rule.spec.default_params() == {"min_amount": pytest.approx(1000)}


def test_duplicate_id_across_folders_is_refused(rules_dir: Path) -> None:
    write_rule(rules_dir, "billing", "big_settlement", VALID_YAML.replace("data_quality", "billing"),
               VALID_SQL)
    with pytest.raises(RuleDefinitionError, match="规则编号重复"):
        load_catalog(rules_dir)


def test_id_must_equal_file_stem(rules_dir: Path) -> None:
    write_rule(rules_dir, "data_quality", "other_name", VALID_YAML, VALID_SQL)
    with pytest.raises(RuleDefinitionError, match="不一致"):
        load_catalog(rules_dir)


def test_undeclared_param_is_refused(rules_dir: Path) -> None:
    sql = VALID_SQL.replace("$min_amount", "$max_amount")
    write_rule(rules_dir, "data_quality", "big_settlement", VALID_YAML, sql)
    with pytest.raises(RuleDefinitionError, match="未声明的参数: max_amount"):
        load_catalog(rules_dir)


def test_declared_but_unused_param_is_refused(rules_dir: Path) -> None:
    sql = VALID_SQL.replace("and medfee_sumamt > $min_amount", "")
    write_rule(rules_dir, "data_quality", "big_settlement", VALID_YAML, sql)
    with pytest.raises(RuleDefinitionError, match="未使用的参数: min_amount"):
        load_catalog(rules_dir)


def test_rule_must_use_the_period(rules_dir: Path) -> None:
    sql = VALID_SQL.replace("fg_in_period(setl_time, $period_start, $period_end) and ", "")
    write_rule(rules_dir, "data_quality", "big_settlement", VALID_YAML, sql)
    with pytest.raises(RuleDefinitionError, match="评估期参数"):
        load_catalog(rules_dir)


@pytest.mark.parametrize("sql", [
    "delete from settlement where setl_time > $period_start and $period_end is null and $min_amount > 0",
    VALID_SQL + ";\ndrop table settlement",
    "create table x as " + VALID_SQL,
])
def test_non_select_sql_is_refused(rules_dir: Path, sql: str) -> None:
    write_rule(rules_dir, "data_quality", "big_settlement", VALID_YAML, sql)
    with pytest.raises(RuleDefinitionError, match="只读 SELECT"):
        load_catalog(rules_dir)


def test_unknown_yaml_field_is_refused(rules_dir: Path) -> None:
    write_rule(rules_dir, "data_quality", "big_settlement", VALID_YAML + "owner: someone\n", VALID_SQL)
    with pytest.raises(RuleDefinitionError, match="owner"):
        load_catalog(rules_dir)


def test_unknown_scheme_is_refused(rules_dir: Path) -> None:
    yaml_text = VALID_YAML.replace("schemes: []", "schemes: [no_such_scheme]")
    write_rule(rules_dir, "data_quality", "big_settlement", yaml_text, VALID_SQL)
    with pytest.raises(RuleDefinitionError, match="no_such_scheme"):
        load_catalog(rules_dir, known_schemes={"late_upload"})


def test_missing_evidence_column_is_reported(rules_dir: Path, duck) -> None:
    yaml_text = VALID_YAML.replace("evidence: [medfee_sumamt]", "evidence: [medfee_sumamt, gap_days]")
    write_rule(rules_dir, "data_quality", "big_settlement", yaml_text, VALID_SQL)
    [rule] = load_catalog(rules_dir)
    with pytest.raises(RuleDefinitionError, match="缺少列: gap_days"):
        check_output_columns(duck, rule)


def test_changed_sql_without_version_bump_fails_the_lock(rules_dir: Path) -> None:
    write_lock(rules_dir, load_catalog(rules_dir))
    assert lock_problems(load_catalog(rules_dir), read_lock(rules_dir)) == []
    write_rule(rules_dir, "data_quality", "big_settlement", VALID_YAML,
               VALID_SQL.replace("medfee_sumamt > $min_amount", "medfee_sumamt >= $min_amount"))
    [problem] = lock_problems(load_catalog(rules_dir), read_lock(rules_dir))
    assert "版本号仍为 1" in problem
    with pytest.raises(RuleDefinitionError):
        write_lock(rules_dir, load_catalog(rules_dir))
    write_rule(rules_dir, "data_quality", "big_settlement", VALID_YAML.replace("version: 1", "version: 2"),
               VALID_SQL.replace("medfee_sumamt > $min_amount", "medfee_sumamt >= $min_amount"))
    write_lock(rules_dir, load_catalog(rules_dir))
    assert lock_problems(load_catalog(rules_dir), read_lock(rules_dir)) == []


def test_comment_and_layout_changes_keep_the_fingerprint(rules_dir: Path) -> None:
    [before] = load_catalog(rules_dir)
    write_rule(rules_dir, "data_quality", "big_settlement", VALID_YAML,
               "-- reformatted\n" + VALID_SQL.replace("\n    ", "\n        "))
    [after] = load_catalog(rules_dir)
    assert before.fingerprint == after.fingerprint


def test_project_library_is_valid_and_locked() -> None:
    from fundguard.rules.validation import library_problems

    rules, problems = library_problems(REPO / "rules", REPO / "sql", REPO / "config")
    assert problems == []
    assert len(rules) >= 35

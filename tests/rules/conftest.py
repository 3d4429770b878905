"""Fixtures for rule tests: a throw-away rule library folder with one valid rule."""

from __future__ import annotations

from pathlib import Path

import pytest

VALID_SQL = """-- A test rule: settlements above $min_amount.
select
    setl_id, mdtrt_id, psn_no, fixmedins_code, dr_codg as staff_code,
    cast(setl_time as date) as event_date, medfee_sumamt as vola_amt, medfee_sumamt
from settlement
where fg_in_period(setl_time, $period_start, $period_end) and medfee_sumamt > $min_amount
"""

VALID_YAML = """id: big_settlement
version: 1
name: 大额结算
description: 医疗费总额超过 min_amount 的结算(测试规则)。
category: data_quality
result_type: 可疑
legal_basis: 《医疗保障基金使用监督管理条例》第三十九条
severity: low
agency: 医保
schemes: []
hit_unit: settlement
required_fields: [settlement.medfee_sumamt]
coverage_min: 0.9
params:
  min_amount: {type: decimal, default: "1000", ge: 0, le: 1000000, description: 金额下限(元)}
output:
  key: [setl_id]
  evidence: [medfee_sumamt]
"""


def write_rule(rules_dir: Path, category: str, rule_id: str, yaml_text: str, sql_text: str) -> Path:
    folder = rules_dir / category
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{rule_id}.yaml").write_text(yaml_text, encoding="utf-8")
    (folder / f"{rule_id}.sql").write_text(sql_text, encoding="utf-8")
    return folder / f"{rule_id}.yaml"


@pytest.fixture
def rules_dir(tmp_path: Path) -> Path:
    """A rule library folder holding the single valid rule ``big_settlement``."""
    root = tmp_path / "rules"
    write_rule(root, "data_quality", "big_settlement", VALID_YAML, VALID_SQL)
    return root

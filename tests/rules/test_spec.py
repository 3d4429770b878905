"""RuleSpec / ParamSpec: typed params with bounds, reserved names, unit consistency."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from pydantic import ValidationError

from fundguard.rules.spec import ParamSpec, RuleSpec

BASE = {
    "id": "r1", "version": 1, "name": "测试规则", "description": "测试用规则说明", "category": "billing",
    "result_type": "可疑", "legal_basis": "《医疗保障基金使用监督管理条例》第三十八条",
    "severity": "low", "agency": "医保", "hit_unit": "settlement",
    "required_fields": ["settlement.setl_id"], "output": {"key": ["setl_id"]},
}


@pytest.mark.parametrize(("kind", "raw", "value"), [
    ("integer", "15", 15), ("decimal", "0.50", Decimal("0.50")), ("number", 0.8, 0.8),
    ("date", "2025-01-01", date(2025, 1, 1)), ("boolean", "false", False), ("string", "Z51", "Z51"),
])
def test_param_values_are_typed(kind: str, raw: object, value: object) -> None:
    assert ParamSpec(type=kind, default=raw, description="参数").coerce(raw) == value


def test_param_bounds_are_enforced() -> None:
    param = ParamSpec(type="integer", default=15, ge=1, le=31, description="窗口天数")
    with pytest.raises(ValueError, match="上限"):
        param.coerce(40)
    with pytest.raises(ValidationError):
        ParamSpec(type="integer", default=0, ge=1, description="窗口天数")


def test_reserved_param_names_cannot_be_declared() -> None:
    spec = {**BASE, "params": {"period_start": {"type": "date", "default": "2025-01-01",
                                                "description": "开始"}}}
    with pytest.raises(ValidationError, match="保留参数"):
        RuleSpec.model_validate(spec)


def test_line_rules_key_on_the_fee_line_and_entity_rules_name_the_entity() -> None:
    with pytest.raises(ValidationError, match="feedetl_sn"):
        RuleSpec.model_validate({**BASE, "hit_unit": "line"})
    with pytest.raises(ValidationError, match="entity_type"):
        RuleSpec.model_validate({**BASE, "hit_unit": "entity"})


def test_result_type_and_category_are_closed_lists() -> None:
    with pytest.raises(ValidationError):
        RuleSpec.model_validate({**BASE, "result_type": "违规"})
    with pytest.raises(ValidationError, match="未知类别"):
        RuleSpec.model_validate({**BASE, "category": "misc"})

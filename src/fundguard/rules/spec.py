"""The rule contract: the YAML sidecar of every ``rules/<category>/<id>.sql`` (pydantic, extra=forbid).

Every rule's SELECT returns one row per hit with the standard finding columns (``STANDARD_COLUMNS``),
its declared ``output.key`` and ``output.evidence`` columns, and optionally ``feedetl_sn`` (the
violating line, 违规项) and ``related_lines`` (``STRUCT(setl_id, feedetl_sn)[]``, 涉及项).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

RESERVED_PARAMS = ("period_start", "period_end")
_INPUT_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
"""Bound by the runner: the settle/fee-date window findings are anchored in (DATE, inclusive)."""

STANDARD_COLUMNS = (
    "setl_id", "mdtrt_id", "psn_no", "fixmedins_code", "staff_code", "event_date", "vola_amt",
)
"""Columns every rule returns (nullable where the hit unit has none, e.g. entity rules)."""

CATEGORIES: dict[str, str] = {
    "policy_restriction": "政策限定类",
    "billing": "收费类",
    "data_quality": "信息数据类",
    "inventory": "进销存类",
    "behavior": "行为主体类",
    "indicator": "统计指标类",
    "fund_payment": "基金拨付类",
}
"""Rule category code (= parent folder) → Chinese label shown to users and stored on findings."""

_IDENT = re.compile(r"^[a-z_][a-z0-9_]*$")
_FIELD = re.compile(r"^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*$")


def _boolean(value: Any) -> bool:
    if isinstance(value, str):
        if value.strip().lower() not in ("true", "false", "1", "0"):
            raise ValueError(f"{value} 不是布尔值")
        return value.strip().lower() in ("true", "1")
    return bool(value)


_CONVERTERS: dict[str, Callable[[Any], Any]] = {
    "integer": int,
    "number": float,
    "decimal": lambda v: Decimal(str(v)),
    "string": str,
    "date": lambda v: v if isinstance(v, date) else date.fromisoformat(str(v)),
    "boolean": _boolean,
}


class ParamSpec(BaseModel):
    """One tunable parameter of a rule, bound as ``$name``."""

    model_config = ConfigDict(extra="forbid")

    type: Literal["integer", "number", "decimal", "string", "date", "boolean"]
    default: Any
    ge: float | None = None
    le: float | None = None
    description: str = Field(min_length=2)

    def coerce(self, value: Any) -> Any:
        """``value`` converted to this parameter's Python type, bounds checked (ValueError if not)."""
        converted = _CONVERTERS[self.type](value)
        if self.ge is not None and converted < self.ge:
            raise ValueError(f"{value} 小于下限 {self.ge}")
        if self.le is not None and converted > self.le:
            raise ValueError(f"{value} 大于上限 {self.le}")
        return converted

    @model_validator(mode="after")
    def _default_within_bounds(self) -> ParamSpec:
        self.coerce(self.default)
        return self


class OutputSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    key: list[str] = Field(min_length=1)
    """Columns identifying one hit; finding_id = sha256(rule_id + key values)."""
    evidence: list[str] = Field(default_factory=list)

    @field_validator("key", "evidence")
    @classmethod
    def _identifiers(cls, names: list[str]) -> list[str]:
        bad = [n for n in names if not _IDENT.match(n)]
        if bad:
            raise ValueError(f"列名必须是小写标识符: {bad}")
        return names


class RuleSpec(BaseModel):
    """The YAML sidecar of one rule."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    version: int = Field(ge=1)
    gz_code: str | None = Field(default=None, pattern=r"^(GZ|ZB)\d{14}$")
    name: str = Field(min_length=2)
    description: str = Field(min_length=4)
    category: str
    result_type: Literal["明确违规", "可疑"]
    legal_basis: str = Field(pattern=r"^《.+》")
    severity: Literal["low", "medium", "high", "critical"]
    agency: Literal["医保", "公安", "卫生健康", "市场监管", "纪检监察"]
    schemes: list[str] = Field(default_factory=list)
    hit_unit: Literal["line", "settlement", "entity"]
    entity_type: Literal["insured", "staff", "institution"] | None = None
    required_fields: list[str] = Field(min_length=1)
    coverage_min: float = Field(default=0.95, ge=0, le=1)
    params: dict[str, ParamSpec] = Field(default_factory=dict)
    output: OutputSpec
    inputs: dict[str, dict[str, str | list[str]]] = Field(default_factory=dict)
    """Shared rule inputs the SQL reads as ``rule_input.<name>`` (``sql/rule_inputs/<name>.sql``,
    computed once per run for every rule using it), each with its params bound from this rule's
    params (input param → rule param name; several rules → the largest value) or given as a list
    of codes (input param → [codes]; several rules → the union), e.g. the knowledge-point types a
    rule reads, so the input holds only what its rules ask for."""
    enabled: bool = True

    @field_validator("category")
    @classmethod
    def _known_category(cls, value: str) -> str:
        if value not in CATEGORIES:
            raise ValueError(f"未知类别 {value}，可选: {', '.join(CATEGORIES)}")
        return value

    @field_validator("required_fields")
    @classmethod
    def _qualified_fields(cls, fields: list[str]) -> list[str]:
        bad = [f for f in fields if not _FIELD.match(f)]
        if bad:
            raise ValueError(f"必需字段须写作 表.列: {bad}")
        return fields

    @model_validator(mode="after")
    def _consistent(self) -> RuleSpec:
        reserved = set(self.params) & set(RESERVED_PARAMS)
        if reserved:
            raise ValueError(f"参数名 {sorted(reserved)} 为保留参数，由运行器绑定，不得声明")
        if self.hit_unit == "entity" and self.entity_type is None:
            raise ValueError("hit_unit 为 entity 时必须填写 entity_type")
        for name, mapping in self.inputs.items():
            if not _INPUT_NAME.match(name):
                raise ValueError(f"输入名 {name} 须为小写字母、数字与下划线")
            unknown = sorted({v for v in mapping.values() if isinstance(v, str)} - set(self.params))
            if unknown:
                raise ValueError(f"输入 {name} 引用了未声明的参数 {unknown}")
        if self.hit_unit == "line" and "feedetl_sn" not in self.output.key:
            raise ValueError("hit_unit 为 line 的规则, output.key 必须包含 feedetl_sn")
        return self

    @property
    def category_zh(self) -> str:
        return CATEGORIES[self.category]

    def default_params(self) -> dict[str, Any]:
        """Declared params at their defaults, typed."""
        return {name: p.coerce(p.default) for name, p in self.params.items()}

    def required_columns(self) -> list[str]:
        """Every column the SELECT must return."""
        extra = ["feedetl_sn"] if self.hit_unit == "line" else []
        names = [*STANDARD_COLUMNS, *extra, *self.output.key, *self.output.evidence]
        return list(dict.fromkeys(names))

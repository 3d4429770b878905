"""The 双随机 draw plan (YAML, validated with pydantic; extra keys are refused)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from fundguard.errors import ConfigError

GRADES: tuple[str, ...] = ("A", "B", "C", "D", "E")
StratumField = Literal["inst_type", "medins_lv", "admdvs"]
STRATUM_FIELDS: tuple[StratumField, ...] = ("inst_type", "medins_lv", "admdvs")


class DrawPlan(BaseModel):
    """One 双随机一公开 draw: who may be drawn, with what probability, and how teams are formed."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=2)
    year: int = Field(ge=2000, le=2100)
    check_item: str = Field(min_length=2)
    """检查事项 shown on the 公示 list."""
    strata: list[StratumField] = list(STRATUM_FIELDS)
    ratios: dict[str, float] = {"A": 0.05, "B": 0.10, "C": 0.30, "D": 0.60, "E": 1.0}
    """Sampling ratio (inclusion probability) per credit grade."""
    default_grade: str = "B"
    """Grade assumed for an institution without a credit rating (stated in the draw record)."""
    institution_types: list[str] = ["H", "C", "V", "P"]
    active_only: bool = True
    risk_picks: int = Field(default=0, ge=0)
    """Top-N institutions by risk score included with certainty (inclusion probability 1)."""
    exclude_inspected_this_year: bool = True
    clue_codes: list[str] = []
    """Institutions with a 举报/投诉 clue: never excluded for an earlier on-site inspection."""
    team_size: int = Field(default=2, ge=2)
    experts_per_team: int = Field(default=0, ge=0)
    max_assignments_per_inspector: int = Field(default=4, ge=1)
    rotation_draws: int = Field(default=1, ge=0)
    """An inspector is not sent to an institution they inspected in the last N draws."""
    cross_district: bool = False
    """异地交叉检查: enforcement staff are never sent to an institution in their own district."""

    @field_validator("ratios")
    @classmethod
    def _ratios_cover_grades(cls, value: dict[str, float]) -> dict[str, float]:
        missing = set(GRADES) - value.keys()
        if missing:
            raise ValueError(f"缺少信用等级的抽查比例: {', '.join(sorted(missing))}")
        if any(not 0 <= r <= 1 for r in value.values()):
            raise ValueError("抽查比例须在 0 到 1 之间")
        return value

    @field_validator("default_grade")
    @classmethod
    def _known_grade(cls, value: str) -> str:
        if value not in GRADES:
            raise ValueError(f"未知信用等级 {value}")
        return value

    def ratio_for(self, grade: str) -> float:
        """Sampling ratio of ``grade`` (unknown grades use the default grade's ratio)."""
        return self.ratios.get(grade, self.ratios[self.default_grade])


def load_plan(path: Path) -> DrawPlan:
    """The plan in ``path``; ``ConfigError`` naming the bad field otherwise."""
    if not path.is_file():
        raise ConfigError("找不到抽查计划文件", location=path,
                          hint="示例见 config/inspection/draw_plan.example.yaml。")
    try:
        return DrawPlan.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")) or {})
    except (ValidationError, yaml.YAMLError) as exc:
        raise ConfigError(f"抽查计划格式错误: {exc}", location=path,
                          hint="请对照 config/inspection/draw_plan.example.yaml 修改。") from exc

"""The model spec: ``models/<name>/model.yaml`` parsed into validated, typed settings.

Owns the YAML contract of the entity risk model (features, peer levels, detectors, risk formula, bands,
supervised layer, drift).  Does not touch data.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, Field, ValidationError, field_validator, model_validator

from fundguard.errors import ConfigError

EntityType = Literal["institution", "staff", "insured"]
ENTITY_TYPES: tuple[EntityType, ...] = ("institution", "staff", "insured")
DEFAULT_MODEL = "entity_risk"


def _plain_label(value: str) -> str:
    """Labels are spliced into reason JSON: no quotes or backslashes."""
    if any(ch in value for ch in "\"\\"):
        raise ValueError(f"标签不得包含引号或反斜杠: {value}")
    return value


class FeatureSpec(BaseModel, extra="forbid"):
    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    zh: str
    unit: Literal["pct", "yuan", "days", "count", "ratio"]
    direction: Literal["high", "both"] = "high"
    """``high``: only high values are suspicious (one-sided reasons and tail score)."""

    _zh_plain = field_validator("zh")(_plain_label)


class PeerLevel(BaseModel, extra="forbid"):
    by: list[str]
    zh: str
    """How a reason names this peer group, e.g. 同级同类机构."""

    _zh_plain = field_validator("zh")(_plain_label)


class EntitySpec(BaseModel, extra="forbid"):
    sql: str
    min_activity: int = 1
    peer_min_size: int = 10
    peer_levels: list[PeerLevel]
    features: list[FeatureSpec]

    @property
    def feature_names(self) -> list[str]:
        return [f.name for f in self.features]


class IForestSpec(BaseModel, extra="forbid"):
    n_estimators: int = 200
    max_samples: int = 256
    weight: float = 0.5


class DetectorSpec(BaseModel, extra="forbid"):
    iforest: IForestSpec = IForestSpec()
    tail: dict[str, float] = Field(default_factory=lambda: {"weight": 0.5})
    z_clip: float = 8.0


class ReasonSpec(BaseModel, extra="forbid"):
    top_k: int = 3
    min_percentile: float = 0.0


class RiskSpec(BaseModel, extra="forbid"):
    w_anomaly: float = 0.5
    w_rule: float = 0.5
    severity_weight: dict[str, float]
    result_type_weight: dict[str, float]
    amount_weight: float = 1.0
    rule_scale: float = 8.0


class BandSpec(BaseModel, extra="forbid"):
    teams: int = Field(ge=1)
    per_team_per_month: int = Field(ge=1)
    medium_multiple: float = Field(default=3.0, ge=0)
    min_risk_for_high: float = 0.0


class SupervisedSpec(BaseModel, extra="forbid"):
    enabled: bool = True
    min_labels: int = 30
    min_per_class: int = 5
    weight: float = 0.5
    C: float = 0.5


class DriftSpec(BaseModel, extra="forbid"):
    bins: int = 10
    minor: float = 0.10
    major: float = 0.25
    min_rows: int = 100
    """Below this many entities (training or current) drift is reported as 样本不足."""


class ModelSpec(BaseModel, extra="forbid"):
    name: str
    version: int
    random_state: int
    detectors: DetectorSpec = DetectorSpec()
    reasons: ReasonSpec = ReasonSpec()
    risk: RiskSpec
    bands: dict[EntityType, BandSpec]
    supervised: SupervisedSpec = SupervisedSpec()
    drift: DriftSpec = DriftSpec()
    lookback_days: int = 180
    sql_params: dict[str, int | float] = Field(default_factory=dict)
    entities: dict[EntityType, EntitySpec]

    @model_validator(mode="after")
    def _every_entity_has_bands(self) -> ModelSpec:
        missing = set(self.entities) - set(self.bands)
        if missing:
            raise ValueError(f"bands 缺少主体类型: {', '.join(sorted(missing))}")
        return self

    @property
    def model_version(self) -> str:
        return f"{self.name}@{self.version}"

    def fingerprint(self) -> str:
        """Hash of the spec content (artifacts trained under another spec are refused)."""
        text = self.model_dump_json(include={"detectors", "entities", "random_state"})
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def model_spec_path(models_dir: Path, name: str = DEFAULT_MODEL) -> Path:
    return models_dir / name / "model.yaml"


def load_model_spec(models_dir: Path, name: str = DEFAULT_MODEL) -> ModelSpec:
    """Parse and validate ``models/<name>/model.yaml``.

    Raises:
        ConfigError: the file is missing or violates the spec (message says which field).
    """
    path = model_spec_path(models_dir, name)
    if not path.is_file():
        raise ConfigError(f"找不到模型配置 {name}/model.yaml", location=path,
                          hint="请检查模型名称或恢复 models/ 目录。")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        return ModelSpec.model_validate(raw)
    except (yaml.YAMLError, ValidationError) as exc:
        raise ConfigError(f"模型配置无效: {exc}", location=path,
                          hint="请按 models/README.md 修正该文件。") from exc

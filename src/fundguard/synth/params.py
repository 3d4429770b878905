"""Generator parameters: config/synth/city.yaml, optional overrides, the committed sample's set."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from fundguard.errors import ConfigError


class District(BaseModel, extra="forbid"):
    name: str
    admdvs: str
    share: float
    x: float
    y: float


class InstitutionDensity(BaseModel, extra="forbid"):
    per_100k: float
    min: int


class VisitWeights(BaseModel, extra="forbid"):
    """Relative visit rates of one visit kind: per age band (population.AGE_BANDS) and per insutype."""

    age: list[float]
    insutype: dict[str, float]


class CityParams(BaseModel, extra="forbid"):
    districts: list[District]
    institutions_per_100k: dict[str, InstitutionDensity]
    visit_rates: dict[str, float]
    visit_weights: dict[str, VisitWeights]
    employee_share: float
    annual_death_rate: float
    cross_region_share: float
    his_export_hospitals: int
    dirty_share: float
    prevalence: dict[str, float]
    suspended_doctor_share: float


class RunParams(BaseModel, extra="forbid"):
    persons: int
    start: dt.date
    days: int
    seed: int
    city: CityParams

    @property
    def end(self) -> dt.date:
        return self.start + dt.timedelta(days=self.days - 1)


def _deep_merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _deep_merge(out[key], value)
        else:
            out[key] = value
    return out


def _load_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"生成器配置文件无法读取: {exc}", location=path,
                          hint="请检查文件路径与 YAML 格式。") from exc
    if not isinstance(data, dict):
        raise ConfigError("生成器配置文件须为键值映射", location=path)
    return data


def city_params(project_dir: Path, extra_config: Path | None = None,
                overrides: dict[str, Any] | None = None) -> CityParams:
    """The city defaults, then ``overrides`` (the sample's), then the user's ``--config`` file."""
    data = _load_yaml(project_dir / "config" / "synth" / "city.yaml")
    data = _deep_merge(data, overrides or {})
    if extra_config is not None:
        data = _deep_merge(data, _load_yaml(extra_config))
    try:
        return CityParams.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise ConfigError(f"生成器配置格式错误: {problems}", location=extra_config,
                          hint="可用参数见 config/synth/city.yaml。") from exc


def sample_run_params(project_dir: Path) -> RunParams:
    """The exact parameters of the committed sample (config/synth/sample.yaml)."""
    sample = _load_yaml(project_dir / "config" / "synth" / "sample.yaml")
    city = city_params(project_dir, overrides=sample.get("overrides"))
    return RunParams(persons=sample["persons"], start=sample["start"], days=sample["days"],
                     seed=sample["seed"], city=city)


def scaled_prevalence(city: CityParams, scale: float, known: set[str]) -> CityParams:
    """A copy with every prevalence multiplied by ``scale`` (0 = clean run); unknown names fail."""
    unknown = sorted(set(city.prevalence) - known)
    if unknown:
        raise ConfigError(f"生成器配置中的方案名称不在 config/schemes.yaml 中: {', '.join(unknown)}",
                          hint="请使用 config/schemes.yaml 中的方案名称。")
    prevalence = {name: min(1.0, share * scale) for name, share in city.prevalence.items()}
    return city.model_copy(update={"prevalence": prevalence})

"""Governance settings (``config/governance.yaml``), validated with pydantic (YAML is a trust boundary)."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field

from fundguard.cases.config import load_yaml_config


class ExemptionPolicy(BaseModel, extra="forbid"):
    max_months: int = Field(12, ge=1, le=60)
    """Longest validity of one exemption, in calendar months from its start date."""
    max_backdate_days: int = Field(31, ge=0)
    """How many days before its registration an exemption may start."""
    allow_critical_violations: bool = False
    """Whether an exemption may cover 明确违规 findings of severity critical."""
    require_distinct_approver: bool = True
    """The approver must differ from the person registering the exemption (四眼原则)."""
    expiring_within_days: int = Field(30, ge=0)
    """The nightly report lists exemptions ending within this many days."""


class ShadowEntry(BaseModel, extra="forbid"):
    reason: str = Field(min_length=2)
    approver: str | None = None


class FireRatePolicy(BaseModel, extra="forbid"):
    history_runs: int = Field(7, ge=1)
    min_history: int = Field(3, ge=1)
    drop_factor: float = Field(3.0, gt=1)
    surge_factor: float = Field(3.0, gt=1)
    min_expected_hits: float = Field(5, ge=0)
    same_version_only: bool = True


class GovernanceConfig(BaseModel, extra="forbid"):
    exemptions: ExemptionPolicy = ExemptionPolicy()
    shadow_rules: dict[str, ShadowEntry] = {}
    fire_rate: FireRatePolicy = FireRatePolicy()


def governance_config(config_dir: Path) -> GovernanceConfig:
    """The governance configuration of the project (``config/governance.yaml``)."""
    return load_yaml_config(config_dir / "governance.yaml", GovernanceConfig)

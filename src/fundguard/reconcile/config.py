"""Reconciliation settings (config/reconcile.yaml): tolerances, payment lag, clearing types."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, field_validator

from fundguard.cases.config import load_yaml_config


class Tolerance(BaseModel, extra="forbid"):
    absolute: Decimal = Field(Decimal("0.01"), ge=0)
    """元: differences up to this count as 一致."""
    relative: float = Field(0.0, ge=0, le=1)
    """Share of the settled fund; the tolerance is max(absolute, relative × settled)."""


class Clearing(BaseModel, extra="forbid"):
    default_clr_type: str = Field("按月清算", min_length=1)
    by_med_type: dict[str, list[str]] = {}
    """清算类别 → med_type codes it clears; other settlements go to default_clr_type."""

    @field_validator("by_med_type")
    @classmethod
    def _plain_names(cls, mapping: dict[str, list[str]]) -> dict[str, list[str]]:
        bad = [s for clr, codes in mapping.items() for s in (clr, *codes) if not s.strip() or set(s) & set("=;,")]
        if bad:
            raise ValueError(f"清算类别与医疗类别代码不能为空, 也不能含 = ; , 字符: {bad}")
        return mapping

    def map_text(self) -> str:
        """The mapping as the ``clr_type=med,med;…`` text the SQL macro fg_clr_type reads."""
        return ";".join(f"{clr}={','.join(codes)}" for clr, codes in self.by_med_type.items())


class ReconcileConfig(BaseModel, extra="forbid"):
    tolerance: Tolerance = Tolerance()
    bank_tolerance: Decimal = Field(Decimal("0.01"), ge=0)
    lag_months: int = Field(1, ge=0, le=24)
    clearing: Clearing = Clearing()

    def sql_params(self) -> dict[str, Any]:
        """The bound parameters of sql/reconcile/*.sql (besides $period and $as_of)."""
        return {"abs_tol": self.tolerance.absolute, "rel_tol": self.tolerance.relative,
                "bank_tol": self.bank_tolerance, "lag_months": self.lag_months,
                "clr_map": self.clearing.map_text(), "default_clr": self.clearing.default_clr_type}


def load_reconcile_config(config_dir: Path) -> ReconcileConfig:
    """``config/reconcile.yaml``, validated."""
    return load_yaml_config(config_dir / "reconcile.yaml", ReconcileConfig)

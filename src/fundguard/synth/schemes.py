"""The scheme book: which schemes run at plan level (stays) and day level (visits, lines)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import yaml

from fundguard.synth.world import World


class SchemeBook:
    """Holds the cross-day state of the injected schemes and the entity labels they produce."""

    def __init__(self, world: World):
        self.world = world
        self.rng = np.random.default_rng([world.params.seed, 7])
        self.state: dict = {}
        self.entities: list[tuple[str, str, str]] = []
        self.under_stocked: set[str] = set()
        self.never_bought: set[tuple[str, str]] = set()

    def his_hospitals(self, n: int) -> list[str]:
        """Level-2 hospitals (first by code) whose data arrive as vendor CSV."""
        inst = self.world.institutions.filter(pl.col("kind") == "H2").sort("fixmedins_code")
        return inst["fixmedins_code"].head(n).to_list()

    def plan_stays(self, plan: pl.DataFrame) -> pl.DataFrame:
        return plan

    def day_schemes(self) -> list:
        return []


def known_schemes(project_dir: Path) -> set[str]:
    """Scheme names of config/schemes.yaml (the label vocabulary)."""
    data = yaml.safe_load((project_dir / "config" / "schemes.yaml").read_text(encoding="utf-8"))
    return set(data["schemes"])

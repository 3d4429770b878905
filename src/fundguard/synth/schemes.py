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
        """Add the stay-level schemes to the clean plan; ``stay_id`` orders stays deterministically."""
        from fundguard.synth import schemes_plan as sp

        prev, rng, world = self.world.params.city.prevalence, self.rng, self.world
        extra = [sp.overlapping(world, rng, plan, prev.get("overlapping_stays", 0)),
                 sp.split(world, rng, plan, prev.get("split_admission", 0)),
                 sp.frequent(world, rng, plan, prev.get("frequent_admission", 0), self.entities),
                 sp.cohorts(world, rng, plan, prev.get("cohort_admission", 0), self.entities)]
        cols = plan.drop("stay_id").columns
        merged = pl.concat([plan.select(cols), *[e.select(cols) for e in extra if e.height]], how="vertical_relaxed")
        return merged.with_columns(stay_id=pl.int_range(0, pl.len(), dtype=pl.Int64))

    def day_schemes(self) -> list:
        from fundguard.synth.schemes_day import LINE_SCHEMES, header_scheme, line_scheme

        headers = ["diagnosis_sex_mismatch", "diagnosis_age_mismatch", "late_upload", "incomplete_settlement"]
        return [header_scheme(n) for n in headers] + [line_scheme(n) for n in LINE_SCHEMES]


def known_schemes(project_dir: Path) -> set[str]:
    """Scheme names of config/schemes.yaml (the label vocabulary)."""
    data = yaml.safe_load((project_dir / "config" / "schemes.yaml").read_text(encoding="utf-8"))
    return set(data["schemes"])

"""One generated day: clean visits and the stays discharged today, then the day-level schemes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import polars as pl

from fundguard.synth.care import (
    LINE_PLAN,
    mdtrt_ids,
    sample_persons,
    season_factor,
    setl_ids,
    visit_lines,
    visit_settlements,
)
from fundguard.synth.settle import canonical_lines, canonical_settlements
from fundguard.synth.stays import busy_persons, stay_lines
from fundguard.synth.world import World

EMPTY_LINES = pl.DataFrame(schema={"setl_id": pl.String, "item": pl.Int64, "cnt": pl.Int64, "prd_days": pl.Int32,
                                  "fee_ocur_time": pl.Datetime("us"), "dr": pl.Int64})


@dataclass
class DayContext:
    """What a day-level scheme may read and the labels it adds."""

    world: World
    rng: np.random.Generator
    day: dt.date
    day_no: int
    plan: pl.DataFrame
    busy: np.ndarray
    state: dict = field(default_factory=dict)
    cache: dict = field(default_factory=dict)   # per-day memo (state is shared across days)

    def prevalence(self, scheme: str) -> float:
        return self.world.params.city.prevalence.get(scheme, 0.0)

    def free_persons(self) -> np.ndarray:
        """Persons alive today and not in a stay (computed once per day)."""
        if "free" not in self.cache:
            death = self.world.person_array("death_day")
            self.cache["free"] = np.flatnonzero(((death < 0) | (death > self.day_no)) & ~self.busy)
        return self.cache["free"]


class DayLines:
    """The day's internal lines: the clean ones and the pieces the schemes add, concatenated once
    (appending to one frame per scheme would copy the whole day's lines each time)."""

    def __init__(self, base: pl.DataFrame):
        self.parts = [base]

    def add(self, frame: pl.DataFrame) -> None:
        if frame.height:
            self.parts.append(frame)

    def where(self, predicate: pl.Expr) -> pl.DataFrame:
        """The lines (of every piece) matching ``predicate``."""
        return pl.concat([p.filter(predicate) for p in self.parts], how="diagonal_relaxed")

    def frame(self) -> pl.DataFrame:
        return pl.concat(self.parts, how="diagonal_relaxed")


def clean_visits(ctx: DayContext) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Outpatient-type settlements and lines of the day."""
    world, rng = ctx.world, ctx.rng
    factor = season_factor(ctx.day)
    heads, lines = [], []
    for kind in LINE_PLAN:
        expected = world.params.city.visit_rates[kind] * world.params.persons * factor
        persons = sample_persons(world, rng, kind, int(rng.poisson(expected)), ctx.day_no, ctx.busy)
        head = visit_settlements(world, rng, kind, ctx.day, persons)
        heads.append(head)
        if persons.size:
            lines.append(visit_lines(world, rng, kind, head))
    return pl.concat(heads, how="diagonal_relaxed"), pl.concat([EMPTY_LINES, *lines], how="diagonal_relaxed")


def discharged_stays(ctx: DayContext) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Settlements and day-by-day lines of the stays discharged today."""
    stays = ctx.plan.filter(pl.col("dscg_day") == ctx.day_no).sort("stay_id")
    ids = setl_ids("I", ctx.day, stays.height)
    stays = stays.with_columns(setl_id=pl.Series(ids, dtype=pl.String),
                               mdtrt_id=mdtrt_ids(ids))
    n = stays.height
    setl = stays["endtime"].to_numpy() + (ctx.rng.integers(600, 7200, n) * 1_000_000).astype("timedelta64[us]")
    heads = stays.with_columns(
        er_flag=pl.col("med_type") == "24", setl_time=pl.Series(setl).cast(pl.Datetime("us")),
        upload_time=pl.Series(setl + (ctx.rng.integers(5, 7200, n) * 1_000_000).astype("timedelta64[us]")).cast(pl.Datetime("us")),
        out_setl_flag=pl.lit(False))
    return heads, stay_lines(ctx.world, ctx.rng, stays)


def day_frames(ctx: DayContext, schemes: list) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Canonical (settlements, fee lines) of the day, with internal ``setl_scheme``/``scheme`` columns.

    Each scheme is ``scheme(ctx, heads, lines) -> heads``: it returns the (possibly edited or extended)
    settlement headers and adds its lines with ``lines.add``."""
    visit_heads, visit_rows = clean_visits(ctx)
    stay_heads, stay_rows = discharged_stays(ctx)
    heads = pl.concat([visit_heads, stay_heads], how="diagonal_relaxed")
    lines = DayLines(pl.concat([visit_rows, stay_rows], how="diagonal_relaxed"))
    for scheme in schemes:
        heads = scheme(ctx, heads, lines)
    canonical = canonical_lines(ctx.world, heads, lines.frame())
    return canonical_settlements(ctx.world, heads, canonical), canonical


def busy_today(world: World, plan: pl.DataFrame, day_no: int) -> np.ndarray:
    return busy_persons(plan, day_no, world.params.persons)

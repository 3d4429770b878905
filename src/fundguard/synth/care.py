"""Clean care of one day: outpatient, emergency, chronic (门特) and pharmacy settlements with lines.

Frames here are internal: persons, institutions, staff and items are integer indices, money is integer
fen; ``finalize`` (in settle.py) turns them into canonical columns.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import polars as pl

from fundguard.synth.catalog_data import CHRONIC_DX, OUTPATIENT_DX
from fundguard.synth.world import World, doctor_choice, institution_choice

MED_TYPE = {"outpatient": "11", "emergency": "13", "chronic": "14", "pharmacy": "41"}
SETL_PREFIX = {"outpatient": "O", "emergency": "E", "chronic": "C", "pharmacy": "P", "admission": "I"}
# kind -> list of (role, probability the visit has it, min count, max count)
LINE_PLAN = {
    "outpatient": [("reg", 1.0, 1, 1), ("op_drug", 0.9, 1, 4), ("lab", 0.45, 1, 3), ("exam", 0.2, 1, 1),
                   ("treat", 0.1, 1, 1)],
    "emergency": [("reg_er", 1.0, 1, 1), ("lab", 0.8, 1, 2), ("treat", 0.6, 1, 1), ("op_drug", 0.7, 1, 2)],
    "chronic": [("reg", 1.0, 1, 1), ("chronic_drug", 1.0, 1, 4), ("lab", 0.3, 1, 2)],
    "pharmacy": [("op_drug", 0.7, 1, 3), ("chronic_drug", 0.5, 1, 3)],
}
PRD_DAYS = {"op_drug": (1, 7), "chronic_drug": (14, 30)}


@dataclass
class DayFrames:
    """One day's internal settlements and lines (before finalisation)."""

    settlements: pl.DataFrame
    lines: pl.DataFrame


def season_factor(day: dt.date) -> float:
    """Winter respiratory peak, weekend dip: multiplies the base visit rates."""
    winter = 1.0 + 0.25 * np.cos((day.timetuple().tm_yday - 15) / 365.0 * 2 * np.pi)
    return float(winter * (0.6 if day.weekday() >= 5 else 1.08))


def sample_persons(world: World, rng: np.random.Generator, n: int, day_no: int,
                   busy: np.ndarray) -> np.ndarray:
    """Visitors weighted by age; the dead and persons in a stay today do not visit."""
    persons = np.searchsorted(world.person_cdf, rng.random(n), side="right").clip(0, world.person_cdf.size - 1)
    death = world.insured["death_day"].to_numpy()
    alive = (death < 0) | (death > day_no)
    return persons[alive[persons] & ~busy[persons]]


def setl_ids(prefix: str, day: dt.date, n: int, offset: int = 0) -> np.ndarray:
    stamp = day.strftime("%Y%m%d")
    seq = pl.Series(np.arange(n, dtype=np.int64) + offset).cast(pl.String).str.zfill(7)
    return (f"S{stamp}{prefix}" + seq).to_numpy().astype("U")


def mdtrt_ids(setl: np.ndarray) -> pl.Series:
    """Visit ids mirroring the settlement ids (S… -> M…)."""
    return pl.Series(setl, dtype=pl.String).str.replace("S", "M", literal=True)


def visit_settlements(world: World, rng: np.random.Generator, kind: str, day: dt.date,
                      persons: np.ndarray, prefix: str | None = None) -> pl.DataFrame:
    """Settlement headers of outpatient-type visits of ``persons`` on ``day``."""
    n = persons.size
    home = world.insured["district"].to_numpy()[persons]
    inst = institution_choice(world, rng, kind, home)
    doctor = doctor_choice(world, rng, inst)
    dx_pool = CHRONIC_DX if kind == "chronic" else OUTPATIENT_DX
    begin = (np.datetime64(day, "s") + (rng.integers(7 * 3600, 19 * 3600, n)).astype("timedelta64[s]"))
    begin = begin.astype("datetime64[us]")
    setl = begin + rng.integers(300, 3600, n).astype("timedelta64[s]").astype("timedelta64[us]")
    ids = setl_ids(prefix or SETL_PREFIX[kind], day, n)
    return pl.DataFrame({
        "setl_id": ids, "mdtrt_id": mdtrt_ids(ids),
        "psn": persons, "inst": inst, "med_type": MED_TYPE[kind], "begntime": begin,
        "endtime": setl if kind != "pharmacy" else begin, "dr": doctor,
        "main_diag_code": None if kind == "pharmacy" else np.array(dx_pool)[rng.integers(0, len(dx_pool), n)],
        "er_flag": kind == "emergency", "setl_time": setl,
        "upload_time": setl + rng.integers(5, 7200, n).astype("timedelta64[s]").astype("timedelta64[us]"),
        "out_setl_flag": rng.random(n) < (world.params.city.cross_region_share if kind == "outpatient" else 0),
    }).with_columns(pl.col("main_diag_code").cast(pl.String), pl.col("endtime").cast(pl.Datetime("us")),
                    pl.col("begntime").cast(pl.Datetime("us")), pl.col("setl_time").cast(pl.Datetime("us")),
                    pl.col("upload_time").cast(pl.Datetime("us")))


def role_items(world: World, role: str) -> np.ndarray:
    return world.catalog.filter(pl.col("role") == role)["item"].to_numpy()


def visit_lines(world: World, rng: np.random.Generator, kind: str, headers: pl.DataFrame) -> pl.DataFrame:
    """Fee lines of outpatient-type visits per LINE_PLAN; drugs carry supply days, pharmacy a trace code."""
    parts = []
    for role, prob, lo, hi in LINE_PLAN[kind]:
        has = rng.random(headers.height) < prob
        reps = np.where(has, rng.integers(lo, hi + 1, headers.height), 0)
        rows = np.repeat(np.arange(headers.height), reps)
        items = role_items(world, role)
        days = PRD_DAYS.get(role)
        parts.append(pl.DataFrame({
            "row": rows, "item": items[rng.integers(0, items.size, rows.size)],
            "cnt": rng.integers(1, 3, rows.size) if days else np.ones(rows.size, dtype=np.int64),
            "prd_days": rng.integers(days[0], days[1] + 1, rows.size) if days else None,
            "minute": rng.integers(0, 5, rows.size),
        }).with_columns(pl.col("prd_days").cast(pl.Int32)))
    lines = pl.concat(parts).join(
        headers.with_row_index("row").select(pl.col("row").cast(pl.Int64), "setl_id", "begntime", "dr"),
        on="row", maintain_order="left").drop("row")
    lines = lines.with_columns(fee_ocur_time=pl.col("begntime") + pl.duration(minutes=pl.col("minute")))
    # An item appears at most once per visit: repeated draws merge into one line.
    lines = lines.group_by("setl_id", "item", maintain_order=True).agg(
        pl.col("cnt").sum(), pl.col("prd_days").max(), pl.col("fee_ocur_time").min(), pl.col("dr").first())
    return lines.drop_nulls("setl_id")

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


def sample_persons(world: World, rng: np.random.Generator, kind: str, n: int, day_no: int,
                   busy: np.ndarray) -> np.ndarray:
    """Visitors weighted by age and insurance type; the dead and persons in a stay today do not visit."""
    cdf = world.person_cdf[kind]
    persons = np.searchsorted(cdf, rng.random(n), side="right").clip(0, cdf.size - 1)
    death = world.person_array("death_day")[persons]
    return persons[((death < 0) | (death > day_no)) & ~busy[persons]]


def setl_ids(prefix: str, day: dt.date, n: int, offset: int = 0) -> pl.Series:
    stamp = day.strftime("%Y%m%d")
    seq = pl.Series(np.arange(n, dtype=np.int64) + offset).cast(pl.String).str.zfill(7)
    return (f"S{stamp}{prefix}" + seq).alias("setl_id")


def mdtrt_ids(setl: pl.Series | np.ndarray) -> pl.Series:
    """Visit ids mirroring the settlement ids (S… -> M…)."""
    return pl.Series("mdtrt_id", setl, dtype=pl.String).str.replace("S", "M", literal=True)


def _datetimes(values: np.ndarray) -> pl.Series:
    return pl.Series(values.astype("datetime64[us]")).cast(pl.Datetime("us"))


def visit_settlements(world: World, rng: np.random.Generator, kind: str, day: dt.date,
                      persons: np.ndarray, prefix: str | None = None) -> pl.DataFrame:
    """Settlement headers of outpatient-type visits of ``persons`` on ``day``."""
    n = persons.size
    home = world.person_array("district")[persons]
    inst = institution_choice(world, rng, kind, home)
    doctor = doctor_choice(world, rng, inst)
    dx_pool = CHRONIC_DX if kind == "chronic" else OUTPATIENT_DX
    begin = (np.datetime64(day, "s") + (rng.integers(7 * 3600, 19 * 3600, n)).astype("timedelta64[s]"))
    begin = begin.astype("datetime64[us]")
    setl = begin + rng.integers(300, 3600, n).astype("timedelta64[s]").astype("timedelta64[us]")
    ids = setl_ids(prefix or SETL_PREFIX[kind], day, n)
    dx = None if kind == "pharmacy" else pl.Series(dx_pool).gather(rng.integers(0, len(dx_pool), n))
    upload = setl + rng.integers(5, 7200, n).astype("timedelta64[s]").astype("timedelta64[us]")
    cross = rng.random(n) < (world.params.city.cross_region_share if kind == "outpatient" else 0)
    return pl.DataFrame({
        "setl_id": ids, "mdtrt_id": mdtrt_ids(ids), "psn": persons, "inst": inst,
        "med_type": pl.repeat(MED_TYPE[kind], n, dtype=pl.String, eager=True), "begntime": _datetimes(begin),
        "endtime": _datetimes(setl if kind != "pharmacy" else begin), "dr": doctor,
        "main_diag_code": dx if dx is not None else pl.repeat(None, n, dtype=pl.String, eager=True),
        "er_flag": pl.repeat(kind == "emergency", n, dtype=pl.Boolean, eager=True), "setl_time": _datetimes(setl),
        "upload_time": _datetimes(upload), "out_setl_flag": cross,
    })


def role_items(world: World, role: str) -> np.ndarray:
    pools = world.memo.setdefault("roles", {})
    if role not in pools:
        pools[role] = world.catalog.filter(pl.col("role") == role)["item"].to_numpy()
    return pools[role]


def visit_lines(world: World, rng: np.random.Generator, kind: str, headers: pl.DataFrame) -> pl.DataFrame:
    """Fee lines of outpatient-type visits per LINE_PLAN; drugs carry supply days, pharmacy a trace code.
    An item appears at most once per visit: repeated draws merge into one line (counts added, the
    longest supply and the earliest time kept)."""
    n = headers.height
    pieces = []
    for role, prob, lo, hi in LINE_PLAN[kind]:
        has = rng.random(n) < prob
        reps = np.where(has, rng.integers(lo, hi + 1, n), 0)
        rows = np.repeat(np.arange(n), reps)
        items = role_items(world, role)
        days = PRD_DAYS.get(role)
        item = items[rng.integers(0, items.size, rows.size)]
        cnt = rng.integers(1, 3, rows.size) if days else np.ones(rows.size, dtype=np.int64)
        prd = rng.integers(days[0], days[1] + 1, rows.size) if days else np.full(rows.size, -1)
        pieces.append((rows, item, cnt, prd, rng.integers(0, 5, rows.size)))
    row, item, cnt, prd, minute = (np.concatenate([p[k] for p in pieces]).astype(np.int64) for k in range(5))
    key = row * (int(item.max(initial=0)) + 1) + item
    order = np.argsort(key, kind="stable")
    key, row, item, cnt, prd, minute = key[order], row[order], item[order], cnt[order], prd[order], minute[order]
    first = np.flatnonzero(np.r_[True, key[1:] != key[:-1]]) if key.size else key
    row, item = row[first], item[first]
    if key.size:
        cnt, prd, minute = (np.add.reduceat(cnt, first), np.maximum.reduceat(prd, first),
                            np.minimum.reduceat(minute, first))
    index = pl.Series(row)
    begin = headers["begntime"].gather(index)
    return pl.DataFrame({
        "setl_id": headers["setl_id"].gather(index), "item": item, "cnt": cnt,
        "prd_days": pl.Series(prd).cast(pl.Int32).replace(-1, None),
        "fee_ocur_time": begin + pl.Series(minute * 60_000_000).cast(pl.Duration("us")),
        "dr": headers["dr"].gather(index),
    })

"""Schemes that add whole visits: cards of the dead, suspended doctors, reused trace codes, stays
with outpatient visits, distant same-day visits, overloaded doctors, frequent visitors, resale rings."""

from __future__ import annotations

import numpy as np
import polars as pl

from fundguard.synth.care import setl_ids, visit_lines, visit_settlements
from fundguard.synth.day import DayContext

# scheme -> settlement id offset (extra visits of one day never share an id)
OFFSETS = {name: (k + 1) * 200_000 for k, name in enumerate([
    "settlement_after_death", "suspended_staff_billing", "trace_code_reused", "outpatient_during_stay",
    "card_distant_same_day", "doctor_overload", "frequent_outpatient", "frequent_purchase", "drug_resale",
    "duplicate_prescribing", "card_home"])}
RESALE_DRUGS = ["XC10AAA050A001010100009", "XC09CAA010A001010100010"]


def visits(ctx: DayContext, kind: str, persons: np.ndarray, scheme: str, *, inst: np.ndarray | None = None,
           dr: np.ndarray | None = None, hour: int | None = None,
           offset: int = 0) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Extra visits of ``persons`` (clean-looking lines), ids unique per scheme and day."""
    head = visit_settlements(ctx.world, ctx.rng, kind, ctx.day, persons, prefix="X")
    n = head.height
    ids = setl_ids("X", ctx.day, n, OFFSETS[scheme] + offset)
    head = head.with_columns(setl_id=pl.Series(ids, dtype=pl.String),
                             mdtrt_id=pl.Series(ids, dtype=pl.String).str.replace("S", "M", literal=True))
    if inst is not None:
        head = head.with_columns(inst=pl.Series(inst, dtype=pl.Int64))
    if dr is not None:
        head = head.with_columns(dr=pl.Series(dr, dtype=pl.Int64))
    if hour is not None:
        shift = pl.duration(hours=hour) - (pl.col("begntime") - pl.col("begntime").dt.truncate("1d"))
        head = head.with_columns([pl.col(c) + shift for c in ("begntime", "endtime", "setl_time", "upload_time")])
    return head, visit_lines(ctx.world, ctx.rng, kind, head)


def alive_persons(ctx: DayContext, k: int) -> np.ndarray:
    ok = ctx.free_persons()
    return ctx.rng.choice(ok, size=min(k, ok.size), replace=False) if k else ok[:0]


def daily_members(ctx: DayContext, members: np.ndarray, rate: float) -> np.ndarray:
    return members[ctx.rng.random(members.size) < rate]


def pharmacies_near(ctx: DayContext, persons: np.ndarray) -> np.ndarray:
    pharm = ctx.world.institutions.filter(pl.col("inst_type") == "P")["idx"].to_numpy()
    return pharm[ctx.rng.integers(0, pharm.size, persons.size)]


def institution_in(ctx: DayContext, district: np.ndarray) -> np.ndarray:
    """An outpatient institution (hospital or basic care) in each given district."""
    pools = ctx.world.memo.get("outpatient_pools")
    if pools is None:
        inst = ctx.world.institutions.filter(pl.col("inst_type").is_in(["H", "C"]))
        pools = {int(d): inst.filter(pl.col("district") == d)["idx"].to_numpy()
                 for d in range(len(ctx.world.params.city.districts))}
        pools[-1] = inst["idx"].to_numpy()[:1]
        ctx.world.memo["outpatient_pools"] = pools
    out = np.empty(district.size, dtype=np.int64)
    for i, d in enumerate(district.tolist()):
        pool = pools.get(int(d), pools[-1])
        out[i] = pool[ctx.rng.integers(0, pool.size)] if pool.size else pools[-1][0]
    return out


def farthest_district(ctx: DayContext, home: np.ndarray) -> np.ndarray:
    xy = np.array([(d.x, d.y) for d in ctx.world.params.city.districts])
    dist = np.linalg.norm(xy[:, None, :] - xy[None, :, :], axis=2)
    return dist.argmax(axis=1)[home]


def label_all(heads: pl.DataFrame, lines: pl.DataFrame, scheme: str, *, setl: bool, line: bool):
    if setl:
        heads = heads.with_columns(setl_scheme=pl.lit(scheme))
    if line:
        lines = lines.with_columns(scheme=pl.lit(scheme))
    return heads, lines


def resale_lines(ctx: DayContext, heads: pl.DataFrame) -> pl.DataFrame:
    catalog = ctx.world.catalog.filter(pl.col("hilist_code").is_in(RESALE_DRUGS)).select("item")
    rows = heads.select("setl_id", "dr", "begntime").join(catalog, how="cross").sort("setl_id", "item")
    return rows.with_columns(cnt=pl.Series(ctx.rng.integers(5, 11, rows.height), dtype=pl.Int64),
                             prd_days=pl.lit(30, dtype=pl.Int32), fee_ocur_time=pl.col("begntime"),
                             scheme=pl.lit("drug_resale")).drop("begntime")

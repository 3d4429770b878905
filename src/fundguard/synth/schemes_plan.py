"""Stay-level schemes applied to the stay plan: extra stays (overlapping, split, frequent, rings)
and marks on existing stays whose lines are reshaped when they are settled."""

from __future__ import annotations

import numpy as np
import polars as pl

from fundguard.synth.stays import stay_details
from fundguard.synth.world import World

MARKED = ("low_standard_admission", "bed_hanging")


def _hospitals(world: World) -> np.ndarray:
    return world.institutions.filter(pl.col("inst_type") == "H")["idx"].to_numpy()


def _extra(world: World, rng: np.random.Generator, rows: pl.DataFrame, scheme: str,
           inst: np.ndarray | None = None) -> pl.DataFrame:
    rows = rows.select(pl.col("psn").cast(pl.Int64), pl.col("adm_day").cast(pl.Int64), pl.col("dscg_day").cast(pl.Int64))
    detail = stay_details(world, rng, rows, inst)
    return detail.with_columns(setl_scheme=pl.lit(scheme))


def _alive_through(world: World, plan: pl.DataFrame) -> pl.DataFrame:
    death = world.person_array("death_day")[plan["psn"].to_numpy()]
    ok = ((death < 0) | (death > plan["dscg_day"].to_numpy())) & (plan["dscg_day"].to_numpy() < world.params.days)
    return plan.filter(pl.Series(ok))


def overlapping(world: World, rng: np.random.Generator, plan: pl.DataFrame, p: float) -> pl.DataFrame:
    """A second stay in another hospital, admitted the day after the first."""
    base = plan.filter((pl.col("dscg_day") - pl.col("adm_day") >= 4) & pl.col("setl_scheme").is_null())
    base = base.filter(pl.Series(rng.random(base.height) < p))
    rows = base.select("psn", adm_day=pl.col("adm_day") + 1, dscg_day=pl.col("dscg_day") - 1)
    hospitals = _hospitals(world)
    shift = (np.searchsorted(hospitals, base["inst"].to_numpy()) + 1 + rng.integers(0, max(1, hospitals.size - 1),
             base.height)) % hospitals.size
    inst = hospitals[shift]
    return _alive_through(world, _extra(world, rng, rows, "overlapping_stays", inst))


def split(world: World, rng: np.random.Generator, plan: pl.DataFrame, p: float) -> pl.DataFrame:
    """Readmission to the same hospital with the same diagnosis 2-10 days after discharge."""
    base = plan.filter(pl.col("setl_scheme").is_null())
    base = base.filter(pl.Series(rng.random(base.height) < p) & (pl.col("med_type") == "21"))
    adm = base["dscg_day"].to_numpy() + rng.integers(2, 11, base.height)
    rows = pl.DataFrame({"psn": base["psn"], "adm_day": adm, "dscg_day": adm + rng.integers(3, 7, base.height)})
    extra = _extra(world, rng, rows, "split_admission", base["inst"].to_numpy())
    # A planned-looking ordinary admission (not 急诊), same diagnosis as the first stay.
    return _alive_through(world, extra.with_columns(main_diag_code=base["main_diag_code"], med_type=pl.lit("21")))


def _free_persons(world: World, rng: np.random.Generator, plan: pl.DataFrame, k: int) -> np.ndarray:
    death = world.person_array("death_day")
    taken = np.zeros(world.params.persons, dtype=bool)
    taken[plan["psn"].to_numpy()] = True
    free = np.flatnonzero(~taken & (death < 0))
    return rng.choice(free, size=min(k, free.size), replace=False) if k else free[:0]


def frequent(world: World, rng: np.random.Generator, plan: pl.DataFrame, p: float,
             entities: list) -> pl.DataFrame:
    """Persons without other stays admitted every 16-20 days for 2-3 days."""
    persons = _free_persons(world, rng, plan, int(rng.binomial(world.params.persons, p)))
    rows = []
    for psn in persons.tolist():
        day = int(rng.integers(0, 10))
        while day + 3 < world.params.days:
            los = int(rng.integers(2, 4))
            rows.append((psn, day, day + los))
            day += los + int(rng.integers(16, 21))
        entities.append(("insured", world.insured["psn_no"][psn], "frequent_admission"))
    frame = pl.DataFrame(rows, schema=["psn", "adm_day", "dscg_day"], orient="row")
    return _extra(world, rng, frame, "frequent_admission")


def cohorts(world: World, rng: np.random.Generator, plan: pl.DataFrame, p: float,
            entities: list) -> pl.DataFrame:
    """Rings of 6-12 recruits admitted together to one small hospital, three times in the period."""
    n_rings = int(rng.binomial(world.params.persons, p))
    small = world.institutions.filter(pl.col("kind") == "H1")["idx"].to_numpy()
    frames, used = [], plan
    for _ in range(n_rings):
        members = _free_persons(world, rng, used, int(rng.integers(6, 13)))
        inst = int(rng.choice(small))
        rows = [(m, d, d + int(rng.integers(4, 7))) for d in range(int(rng.integers(0, 10)), world.params.days - 8, 28)
                for m in members.tolist()]
        frame = pl.DataFrame(rows, schema=["psn", "adm_day", "dscg_day"], orient="row")
        ring = _extra(world, rng, frame, "cohort_admission", np.full(frame.height, inst))
        frames.append(ring)
        used = pl.concat([used.select("psn"), ring.select("psn")])
        entities.extend(("insured", world.insured["psn_no"][m], "cohort_admission") for m in members.tolist())
        entities.append(("institution", world.institutions["fixmedins_code"][inst], "cohort_admission"))
    return pl.concat(frames) if frames else pl.DataFrame(schema={"psn": pl.Int64})


def mark(rng: np.random.Generator, plan: pl.DataFrame, scheme: str, p: float, min_los: int) -> pl.DataFrame:
    """Label a share of clean stays (their lines are reshaped at settlement)."""
    eligible = pl.col("setl_scheme").is_null() & ((pl.col("dscg_day") - pl.col("adm_day")) >= min_los)
    hit = pl.Series(rng.random(plan.height) < p)
    return plan.with_columns(setl_scheme=pl.when(eligible & hit).then(pl.lit(scheme)).otherwise(pl.col("setl_scheme")))

"""Inpatient stays: a plan for the whole period (no person in two stays, ≥30 days apart), expanded
into day-by-day fee lines when the stay is settled (on its discharge day)."""

from __future__ import annotations

import numpy as np
import polars as pl

from fundguard.synth.catalog_data import INPATIENT_DX, SURGERY_BY_DX
from fundguard.synth.world import World, doctor_choice, institution_choice

LEAD_DAYS = 20   # stays admitted before the period start may be discharged inside it
MIN_GAP_DAYS = 30


def stay_plan(world: World) -> pl.DataFrame:
    """Clean stays (adm_day, dscg_day relative to the start) discharged inside the period."""
    params = world.params
    rng = np.random.default_rng([params.seed, 5])
    total = params.city.visit_rates["admission"] * params.persons * (params.days + LEAD_DAYS)
    n = int(rng.poisson(total))
    psn = np.searchsorted(world.person_cdf, rng.random(n), side="right").clip(0, params.persons - 1)
    adm = rng.integers(-LEAD_DAYS, params.days, n)
    los = np.clip(rng.gamma(2.2, 3.6, n).astype(np.int64) + 3, 3, 25)
    plan = pl.DataFrame({"psn": psn, "adm_day": adm, "dscg_day": adm + los}).sort("psn", "adm_day", "dscg_day", maintain_order=True)
    death = world.insured["death_day"].to_numpy()
    plan = plan.filter(
        (pl.col("dscg_day") < params.days)
        & ((pl.col("adm_day") - pl.col("dscg_day").shift(1).over("psn")).fill_null(10**6) >= MIN_GAP_DAYS)
    )
    dies = death[plan["psn"].to_numpy()]
    plan = plan.filter(pl.Series((dies < 0) | (dies > plan["dscg_day"].to_numpy())))
    return stay_details(world, rng, plan).with_columns(
        stay_id=pl.int_range(0, pl.len(), dtype=pl.Int64), setl_scheme=pl.lit(None, dtype=pl.String))


def stay_details(world: World, rng: np.random.Generator, plan: pl.DataFrame,
                 inst: np.ndarray | None = None) -> pl.DataFrame:
    """Institution, doctor, diagnosis, med_type and times of planned stays."""
    n = plan.height
    home = world.insured["district"].to_numpy()[plan["psn"].to_numpy()]
    inst = institution_choice(world, rng, "admission", home) if inst is None else inst
    dx = np.array(INPATIENT_DX)[rng.integers(0, len(INPATIENT_DX), n)]
    start = np.datetime64(world.params.start, "s")
    day = np.timedelta64(86400, "s")
    begin = start + plan["adm_day"].to_numpy() * day + rng.integers(8 * 3600, 20 * 3600, n).astype("timedelta64[s]")
    end = start + plan["dscg_day"].to_numpy() * day + rng.integers(9 * 3600, 12 * 3600, n).astype("timedelta64[s]")
    return plan.with_columns(
        inst=pl.Series(inst), dr=pl.Series(doctor_choice(world, rng, inst)), main_diag_code=pl.Series(dx),
        med_type=pl.Series(np.where(rng.random(n) < 0.12, "24", "21")),
        begntime=pl.Series(begin.astype("datetime64[us]")).cast(pl.Datetime("us")), endtime=pl.Series(end.astype("datetime64[us]")).cast(pl.Datetime("us")),
    )


def busy_persons(plan: pl.DataFrame, day_no: int, n_persons: int) -> np.ndarray:
    """Boolean mask of persons inside a stay on ``day_no``."""
    mask = np.zeros(n_persons, dtype=bool)
    inside = plan.filter((pl.col("adm_day") <= day_no) & (pl.col("dscg_day") >= day_no))
    mask[inside["psn"].to_numpy()] = True
    return mask


def _daily(stays: pl.DataFrame, rng: np.random.Generator, items: np.ndarray, per_day: int,
           last_day: bool) -> pl.DataFrame:
    los = (stays["dscg_day"] - stays["adm_day"]).to_numpy() + (1 if last_day else 0)
    rows = np.repeat(np.arange(stays.height), los * per_day)
    offsets = np.concatenate([np.repeat(np.arange(k), per_day) for k in los]) if rows.size else rows
    return pl.DataFrame({"row": rows, "day": offsets, "item": items[rng.integers(0, items.size, rows.size)]})


def stay_lines(world: World, rng: np.random.Generator, stays: pl.DataFrame) -> pl.DataFrame:
    """Day-by-day lines: bed and nursing per night, drugs and treatment daily, labs, one exam,
    the surgery the diagnosis calls for, and consumables."""
    from fundguard.synth.care import role_items

    bed, nursing = role_items(world, "bed"), role_items(world, "nursing")[:1]
    parts = [_daily(stays, rng, bed, 1, False), _daily(stays, rng, nursing, 1, False),
             _daily(stays, rng, role_items(world, "ip_drug"), 4, True),
             _daily(stays, rng, role_items(world, "lab"), 1, False),
             _daily(stays, rng, role_items(world, "treat")[:1], 1, False),
             _daily(stays, rng, role_items(world, "consumable")[:1], 1, False)]
    n = stays.height
    labs = role_items(world, "lab")
    parts.append(pl.DataFrame({"row": np.arange(n), "day": 0, "item": labs[rng.integers(0, labs.size, n)]}))
    exams = role_items(world, "exam")
    parts.append(pl.DataFrame({"row": np.arange(n), "day": 0, "item": exams[rng.integers(0, exams.size, n)]}))
    parts.append(_surgery_lines(world, stays))
    lines = pl.concat([p.with_columns(pl.col("row").cast(pl.Int64), pl.col("day").cast(pl.Int64),
                                      pl.col("item").cast(pl.Int64)) for p in parts])
    lines = lines.group_by("row", "day", "item", maintain_order=True).agg(cnt=pl.len().cast(pl.Int64))
    return _timed(reshaped(world, lines, stays), stays, rng)


def reshaped(world: World, lines: pl.DataFrame, stays: pl.DataFrame) -> pl.DataFrame:
    """Lines of marked stays: 挂床 (days 2-5 only the bed), 低标准入院 (exams, no treatment), and
    discharge-day bulk charges at cost-clustering hospitals."""
    from fundguard.synth.care import role_items

    scheme = stays.with_row_index("row").select(pl.col("row").cast(pl.Int64), "setl_scheme",
                                                 los=pl.col("dscg_day") - pl.col("adm_day"))
    out = lines.join(scheme, on="row", how="left", maintain_order="left")
    bed = int(role_items(world, "bed")[0])
    treatment = [int(i) for r in ("ip_drug", "treat", "consumable") for i in role_items(world, r)]
    treatment += world.catalog.filter(pl.col("is_surgery"))["item"].to_list()
    hanging = (pl.col("setl_scheme") == "bed_hanging") & pl.col("day").is_between(2, 5) & (pl.col("item") != bed)
    low = (pl.col("setl_scheme") == "low_standard_admission") & pl.col("item").is_in(treatment)
    out = out.filter(~(hanging.fill_null(False) | low.fill_null(False)))
    exams = pl.DataFrame({"item": role_items(world, "exam").astype(np.int64)})
    low_rows = scheme.filter(pl.col("setl_scheme") == "low_standard_admission")
    # Exams every day of the stay, so they outweigh bed and nursing whatever the length of stay.
    days = low_rows.with_columns(day=pl.int_ranges(0, pl.col("los").cast(pl.Int64))).explode("day")
    extra_low = days.join(exams, how="cross").with_columns(cnt=pl.lit(1, dtype=pl.Int64)).sort("row", "day", "item")
    bulk = scheme.filter(pl.col("setl_scheme") == "cost_at_cap_clustering").with_columns(
        item=pl.lit(int(role_items(world, "exam")[1]), dtype=pl.Int64), day=pl.col("los").cast(pl.Int64),
        cnt=pl.lit(20, dtype=pl.Int64))
    cols = ["row", "day", "item", "cnt"]
    return pl.concat([out.select(cols), extra_low.select(cols), bulk.select(cols)])


def _surgery_lines(world: World, stays: pl.DataFrame) -> pl.DataFrame:
    catalog = world.catalog
    by_role = dict(zip(catalog["role"].to_list(), catalog["item"].to_list(), strict=False))
    prefix = stays["main_diag_code"].str.slice(0, 3).to_list()
    rows = [(i, 1, by_role[SURGERY_BY_DX[p]]) for i, p in enumerate(prefix) if p in SURGERY_BY_DX]
    return pl.DataFrame(rows, schema=["row", "day", "item"], orient="row")


def _timed(lines: pl.DataFrame, stays: pl.DataFrame, rng: np.random.Generator) -> pl.DataFrame:
    """Fee times on the line's stay day, kept inside [admission, discharge]."""
    head = stays.with_row_index("row").select(pl.col("row").cast(pl.Int64), "setl_id", "begntime",
                                              "endtime", "dr", "adm_day")
    minutes = rng.integers(8 * 60, 20 * 60, lines.height)
    out = lines.join(head, on="row", maintain_order="left").with_columns(minute=pl.Series(minutes))
    day_start = pl.col("begntime").dt.truncate("1d") + pl.duration(days=pl.col("day"))
    fee = day_start + pl.duration(minutes=pl.col("minute"))
    return out.with_columns(
        fee_ocur_time=pl.min_horizontal(pl.max_horizontal(fee, pl.col("begntime")), pl.col("endtime")),
        prd_days=pl.lit(None, dtype=pl.Int32),
    ).select("setl_id", "item", "cnt", "prd_days", "fee_ocur_time", "dr")

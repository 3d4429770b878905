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
    psn = np.searchsorted(world.person_cdf["admission"], rng.random(n), side="right").clip(0, params.persons - 1)
    adm = rng.integers(-LEAD_DAYS, params.days, n)
    los = np.clip(rng.gamma(2.2, 3.6, n).astype(np.int64) + 3, 3, 25)
    plan = pl.DataFrame({"psn": psn, "adm_day": adm, "dscg_day": adm + los}).sort("psn", "adm_day", "dscg_day", maintain_order=True)
    death = world.person_array("death_day")
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
    home = world.person_array("district")[plan["psn"].to_numpy()]
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


# Day-by-day pattern of a stay of L nights (days 0..L; night days 0..L-1), per stay-day ≈ 19 lines:
# bed, nursing (一级 for the first NURSING_STEP_DAYS nights, then 二级), 住院诊查费, a drug regimen of
# REGIMEN_SIZE distinct injectables each given 1-3 times a day (one line per administration, also on
# the discharge day), 静脉输液 首组 + 每增加一组, syringe and infusion tape, a cannula every third
# day, one lab (two on admission), 静脉注射 on some days, capillary glucose thrice daily for diabetes
# and stroke, oxygen for the first days of respiratory and cardiac stays; an exam on admission and
# the surgery the diagnosis calls for on day 1.
NURSING_STEP_DAYS = 3
REGIMEN_SIZE = (3, 8)                       # distinct drugs per stay, inclusive
DOSES_PER_DAY = ([1, 2, 3], [0.2, 0.5, 0.3])
DOSE_HOURS = {1: [8], 2: [8, 20], 3: [8, 14, 20]}
INFUSION_GROUPS = ([1, 2, 3], [0.35, 0.4, 0.25])
INJECTION_DAY_SHARE = 0.3
GLUCOSE_DX = ("E11", "I63")
GLUCOSE_HOURS = (7, 11, 17)
OXYGEN_DX = ("J18", "J44", "I50", "I25")
OXYGEN_DAYS = 5
TREATMENT_TYPES = ("05", "06", "08", "09", "10", "11")   # removed from low-standard stays
# cost_at_cap_clustering: a discharge-day bulk of exams about as costly as the rest of a stay without
# surgery (so the discharge day carries over half of its fees), not so big that exams dominate it.
BULK_EXAMS_BASE, BULK_EXAMS_PER_NIGHT = 4, 2
MINUTE = 60_000_000                                        # microseconds
DAY_US = 86_400_000_000


class _Lines:
    """Column pieces of a day's stay lines: stay row, stay day, item, count, minute of the day."""

    def __init__(self) -> None:
        self.parts: list[tuple[np.ndarray, ...]] = []

    def add(self, row: np.ndarray, day: np.ndarray, item: np.ndarray | int, cnt: np.ndarray | int,
            minute: np.ndarray) -> None:
        n = row.size
        self.parts.append((row.astype(np.int64), day.astype(np.int64),
                           np.broadcast_to(np.asarray(item, dtype=np.int64), n),
                           np.broadcast_to(np.asarray(cnt, dtype=np.int64), n), minute.astype(np.int64)))

    def arrays(self) -> tuple[np.ndarray, ...]:
        return tuple(np.concatenate([p[k] for p in self.parts]) for k in range(5))


def _stay_days(nights: np.ndarray, with_last: bool) -> tuple[np.ndarray, np.ndarray]:
    """(stay row, day) for every night (or every day incl. the discharge day) of each stay."""
    per = nights + (1 if with_last else 0)
    row = np.repeat(np.arange(nights.size), per)
    first = np.concatenate([[0], np.cumsum(per)[:-1]]) if nights.size else per
    return row, np.arange(row.size) - np.repeat(first, per)


def _day_minutes(rng: np.random.Generator, n: int) -> np.ndarray:
    return rng.integers(8 * 60, 20 * 60, n)


def _regimen(rng: np.random.Generator, n: int, drugs: np.ndarray) -> tuple[np.ndarray, ...]:
    """Per stay REGIMEN_SIZE distinct drugs, each with a fixed number of doses a day: (row, item, hour)
    per daily administration."""
    k = rng.integers(REGIMEN_SIZE[0], min(REGIMEN_SIZE[1], drugs.size) + 1, n)
    order = np.argsort(rng.random((n, drugs.size)), axis=1)
    take = np.arange(drugs.size)[None, :] < k[:, None]
    row = np.repeat(np.arange(n), k)
    item = drugs[order[take]]
    doses = rng.choice(DOSES_PER_DAY[0], size=row.size, p=DOSES_PER_DAY[1])
    dose_row, dose_item = np.repeat(row, doses), np.repeat(item, doses)
    first = np.concatenate([[0], np.cumsum(doses)[:-1]]) if doses.size else doses
    rank = np.arange(dose_row.size) - np.repeat(first, doses)
    table = np.full((4, 3), -1)
    for f, hours in DOSE_HOURS.items():
        table[f, :len(hours)] = hours
    return dose_row, dose_item, table[np.repeat(doses, doses), rank]


def stay_lines(world: World, rng: np.random.Generator, stays: pl.DataFrame) -> pl.DataFrame:
    """Day-by-day lines of the stays settled today (see the pattern above), reshaped for marked stays."""
    from fundguard.synth.care import role_items

    n = stays.height
    nights = (stays["dscg_day"] - stays["adm_day"]).to_numpy().astype(np.int64)
    dx3 = stays["main_diag_code"].str.slice(0, 3)
    out = _Lines()
    row, day = _stay_days(nights, False)
    m = row.size
    nursing = role_items(world, "nursing")
    for role, item in (("bed", None), ("nursing", np.where(day < NURSING_STEP_DAYS, nursing[0], nursing[1])),
                       ("ward_round", None), ("treat", None), ("consumable", None), ("infusion_tape", None)):
        out.add(row, day, role_items(world, role)[0] if item is None else item, 1, _day_minutes(rng, m))
    groups = rng.choice(INFUSION_GROUPS[0], size=n, p=INFUSION_GROUPS[1])[row]
    extra = groups > 1
    out.add(row[extra], day[extra], role_items(world, "infusion_extra")[0], groups[extra] - 1,
            _day_minutes(rng, int(extra.sum())))
    cannula = day % 3 == 0
    out.add(row[cannula], day[cannula], role_items(world, "cannula")[0], 1, _day_minutes(rng, int(cannula.sum())))
    injection = rng.random(m) < INJECTION_DAY_SHARE
    out.add(row[injection], day[injection], role_items(world, "injection")[0], 1,
            _day_minutes(rng, int(injection.sum())))
    labs = role_items(world, "lab")
    first_lab = rng.integers(0, labs.size, m)
    out.add(row, day, labs[first_lab], 1, _day_minutes(rng, m))
    admission = day == 0   # a second, different lab on admission
    second = (first_lab[admission] + 1 + rng.integers(0, labs.size - 1, int(admission.sum()))) % labs.size
    out.add(row[admission], day[admission], labs[second], 1, _day_minutes(rng, int(admission.sum())))
    glucose = dx3.is_in(list(GLUCOSE_DX)).to_numpy()[row]
    for hour in GLUCOSE_HOURS:
        k = int(glucose.sum())
        out.add(row[glucose], day[glucose], role_items(world, "glucose")[0], 1, hour * 60 + rng.integers(0, 30, k))
    oxygen = dx3.is_in(list(OXYGEN_DX)).to_numpy()[row] & (day < OXYGEN_DAYS)
    k = int(oxygen.sum())
    out.add(row[oxygen], day[oxygen], role_items(world, "oxygen")[0], rng.integers(4, 25, k), _day_minutes(rng, k))
    # the drug regimen, every day including the discharge day
    dose_row, dose_item, dose_hour = _regimen(rng, n, role_items(world, "ip_drug"))
    per = nights[dose_row] + 1
    drow = np.repeat(dose_row, per)
    first = np.concatenate([[0], np.cumsum(per)[:-1]]) if per.size else per
    dday = np.arange(drow.size) - np.repeat(first, per)
    out.add(drow, dday, np.repeat(dose_item, per), 1, np.repeat(dose_hour, per) * 60 + rng.integers(0, 60, drow.size))
    exams = role_items(world, "exam")
    out.add(np.arange(n), np.zeros(n), exams[rng.integers(0, exams.size, n)], 1, _day_minutes(rng, n))
    surgery = _surgery_items(world, dx3)
    has = surgery >= 0
    out.add(np.flatnonzero(has), np.ones(int(has.sum())), surgery[has], 1, _day_minutes(rng, int(has.sum())))
    lines = reshaped(world, rng, stays, nights, *out.arrays())
    return _timed(lines, stays)


def reshaped(world: World, rng: np.random.Generator, stays: pl.DataFrame, nights: np.ndarray,
             row: np.ndarray, day: np.ndarray, item: np.ndarray, cnt: np.ndarray,
             minute: np.ndarray) -> tuple[np.ndarray, ...]:
    """Lines of marked stays: 挂床 (days 2-5 only the bed), 低标准入院 (exams every day, no treatment),
    and discharge-day bulk charges at cost-clustering hospitals (more the longer the stay)."""
    from fundguard.synth.care import role_items

    scheme = stays["setl_scheme"].fill_null("").to_numpy().astype(str)
    if not (scheme != "").any():
        return row, day, item, cnt, minute
    bed = int(role_items(world, "bed")[0])
    catalog = world.catalog
    treatment = np.zeros(catalog.height, dtype=bool)
    treatment[catalog.filter(pl.col("med_chrgitm_type").is_in(list(TREATMENT_TYPES)))["item"].to_numpy()] = True
    line_scheme = scheme[row]
    hanging = (line_scheme == "bed_hanging") & (day >= 2) & (day <= 5) & (item != bed)
    low = (line_scheme == "low_standard_admission") & treatment[item]
    keep = ~(hanging | low)
    row, day, item, cnt, minute = row[keep], day[keep], item[keep], cnt[keep], minute[keep]
    exams = role_items(world, "exam").astype(np.int64)
    low_rows = np.flatnonzero(scheme == "low_standard_admission")
    # Exams every day of the stay, so they outweigh bed and nursing whatever the length of stay.
    lrow, lday = _stay_days(nights[low_rows], False)
    lrow = np.repeat(low_rows[lrow], exams.size)
    lday = np.repeat(lday, exams.size)
    litem = np.tile(exams, lrow.size // exams.size if exams.size else 0)
    bulk = np.flatnonzero(scheme == "cost_at_cap_clustering")
    parts = [(row, day, item, cnt, minute),
             (lrow, lday, litem, np.ones(lrow.size, dtype=np.int64), _day_minutes(rng, lrow.size)),
             (bulk, nights[bulk], np.full(bulk.size, int(exams[1])),
              BULK_EXAMS_BASE + BULK_EXAMS_PER_NIGHT * nights[bulk], _day_minutes(rng, bulk.size))]
    return tuple(np.concatenate([p[k].astype(np.int64) for p in parts]) for k in range(5))


def _surgery_items(world: World, dx3: pl.Series) -> np.ndarray:
    """The surgery item a stay's diagnosis calls for, -1 for none."""
    catalog = world.catalog
    by_role = dict(zip(catalog["role"].to_list(), catalog["item"].to_list(), strict=False))
    mapping = {prefix: by_role[role] for prefix, role in SURGERY_BY_DX.items()}
    return dx3.replace_strict(mapping, default=-1, return_dtype=pl.Int64).to_numpy()


def _timed(parts: tuple[np.ndarray, ...], stays: pl.DataFrame) -> pl.DataFrame:
    """Fee times on the line's stay day at its minute, kept inside [admission, discharge]."""
    row, day, item, cnt, minute = parts
    begin = stays["begntime"].to_numpy().astype("datetime64[us]").astype(np.int64)
    end = stays["endtime"].to_numpy().astype("datetime64[us]").astype(np.int64)
    day_start = begin // DAY_US * DAY_US
    fee = day_start[row] + day * DAY_US + minute * MINUTE
    fee = np.minimum(np.maximum(fee, begin[row]), end[row])
    index = pl.Series(row)
    return pl.DataFrame({
        "setl_id": stays["setl_id"].gather(index), "item": item, "cnt": cnt,
        "prd_days": pl.repeat(None, row.size, dtype=pl.Int32, eager=True),
        "fee_ocur_time": pl.Series(fee.astype("datetime64[us]")).cast(pl.Datetime("us")),
        "dr": stays["dr"].gather(index),
    })

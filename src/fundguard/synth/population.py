"""The insured population: ageing pyramid, 职工/居民 with employers, district, deaths in the period."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from fundguard.synth.ids import id_numbers, person_names, zero_padded
from fundguard.synth.params import RunParams

# (min age, max age, share, relative annual death rate); relative visit rates per band and visit
# kind are in config/synth/city.yaml (visit_weights).
AGE_BANDS = [(0, 14, 0.10, 0.3), (15, 29, 0.12, 0.1), (30, 44, 0.18, 0.2),
             (45, 59, 0.28, 0.6), (60, 74, 0.23, 1.8), (75, 95, 0.09, 6.0)]
EMPLOYERS = ["鸡西矿业集团", "鸡西市第一中学", "鸡西热电有限公司", "鸡西市人民政府机关", "鸡东县农机厂",
             "密山市兴凯湖旅游公司", "虎林市粮食储备库", "鸡西石墨产业园", "鸡西市供电公司", "鸡西市自来水公司"]


def _ages_days(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    band = rng.choice(len(AGE_BANDS), size=n, p=[b[2] for b in AGE_BANDS])
    lo = np.array([b[0] for b in AGE_BANDS])[band]
    hi = np.array([b[1] for b in AGE_BANDS])[band] + 1
    return (rng.uniform(lo, hi) * 365.25).astype(np.int64), band


def _death_dates(rng: np.random.Generator, band: np.ndarray, params: RunParams) -> np.ndarray:
    """Death date (days since start) within the period, or -1 for those who live through it."""
    rel = np.array([b[3] for b in AGE_BANDS])[band]
    p_die = params.city.annual_death_rate * rel / rel.mean() * params.days / 365.0
    dies = rng.random(band.size) < p_die
    return np.where(dies, rng.integers(0, params.days, band.size), -1)


def _only_where(mask: np.ndarray, values: pl.Series) -> pl.Series:
    """``values`` where ``mask`` holds, null elsewhere."""
    return values.zip_with(pl.Series(mask), pl.Series([None] * len(values), dtype=values.dtype))


def _pick(condition: np.ndarray, yes: str | pl.Series, no: str | pl.Series) -> pl.Series:
    """Per person ``yes`` where ``condition`` holds, else ``no`` (strings without numpy text arrays)."""
    def series(value: str | pl.Series) -> pl.Series:
        return value if isinstance(value, pl.Series) else pl.repeat(value, condition.size, dtype=pl.String, eager=True)

    return series(yes).zip_with(pl.Series(condition), series(no))


def insured_frame(params: RunParams) -> pl.DataFrame:
    """One row per insured person with internal helper columns (idx, district, weights)."""
    rng = np.random.default_rng([params.seed, 1])
    n = params.persons
    shares = np.array([d.share for d in params.city.districts])
    district = rng.choice(shares.size, size=n, p=shares / shares.sum())
    age_days, band = _ages_days(rng, n)
    start = np.datetime64(params.start, "D")
    brdy = start - age_days
    is_male = rng.random(n) < 0.49
    age_years = age_days / 365.25
    working = (age_years >= 18) & (age_years < 60)
    employee = rng.random(n) < np.where(working, params.city.employee_share * 1.3,
                                        np.where(age_years >= 60, params.city.employee_share * 0.8, 0))
    emp_idx = rng.integers(0, max(1, n // 150), n)
    admdvs = pl.Series([d.admdvs for d in params.city.districts]).gather(district)
    resident = _pick(age_years < 18, "学生儿童", _pick(age_years >= 60, "老年居民", "成年居民"))
    psn_type = _pick(employee, _pick(working, "在职", "退休"), resident)
    death = _death_dates(rng, band, params)
    employer = (pl.Series(EMPLOYERS).gather(emp_idx % len(EMPLOYERS)) + pl.Series(emp_idx).cast(pl.String)
                + "分部")
    return pl.DataFrame({
        "idx": np.arange(n, dtype=np.int64),
        "psn_no": zero_padded("2303", np.arange(1, n + 1) * 7 + 1_000_000, 12),
        "certno": id_numbers(admdvs, brdy, np.arange(n), is_male),
        "psn_name": person_names(rng, n),
        "gend": _pick(is_male, "1", "2"),
        "brdy": brdy,
        "death_day": death,
        "insutype": _pick(employee, "310", "390"),
        "psn_type": psn_type,
        "admdvs": admdvs,
        "emp_no": _only_where(employee, zero_padded("E230300", emp_idx, 6)),
        "emp_name": _only_where(employee, employer),
        "district": district,
        "age_band": band.astype(np.int8),
    }).with_columns(
        pl.when(pl.col("death_day") >= 0)
        .then(pl.lit(params.start) + pl.duration(days=pl.col("death_day")))
        .otherwise(None).cast(pl.Date).alias("death_date"),
        pl.col("brdy").cast(pl.Date),
    )


def age_days_on(brdy: pl.Expr, when: pl.Expr) -> pl.Expr:
    """Age in days at ``when`` (date or datetime)."""
    return (when.cast(pl.Date) - brdy).dt.total_days()


def period_dates(params: RunParams) -> list[dt.date]:
    return [params.start + dt.timedelta(days=i) for i in range(params.days)]

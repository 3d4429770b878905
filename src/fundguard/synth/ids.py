"""Identifier helpers: 18-digit ID numbers with a valid ISO 7064 MOD 11-2 check digit, names."""

from __future__ import annotations

import numpy as np
import polars as pl

from fundguard.synth.catalog_data import GIVEN, SURNAMES

_WEIGHTS = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2], dtype=np.int64)
_CHECK = np.array(list("10X98765432"))


def id_numbers(admdvs: np.ndarray | pl.Series, brdy: np.ndarray, seq: np.ndarray, is_male: np.ndarray) -> pl.Series:
    """ID numbers: district prefix + birth date + 3-digit order code (odd = male) + check digit.
    The check digit is computed from integer digits (no per-person string handling in Python)."""
    adm = pl.Series(admdvs, dtype=pl.String)
    order = (np.asarray(seq) % 500 * 2 + np.where(is_male, 1, 0)).astype(np.int64)
    days = np.asarray(brdy).astype("datetime64[D]")
    year = days.astype("datetime64[Y]").astype(np.int64) + 1970
    month = days.astype("datetime64[M]").astype(np.int64) % 12 + 1
    day = (days - days.astype("datetime64[M]")).astype(np.int64) + 1
    number = (adm.cast(pl.Int64).to_numpy() * 10**11 + year * 10**7 + month * 10**5 + day * 10**3 + order)
    weighted = np.zeros(number.size, dtype=np.int64)
    for position, weight in enumerate(_WEIGHTS.tolist()):
        weighted += number // 10 ** (16 - position) % 10 * weight
    check = pl.Series(list(_CHECK)).gather(weighted % 11)
    return (pl.Series(number).cast(pl.String).str.zfill(17) + check).alias("certno")


def person_names(rng: np.random.Generator, n: int) -> pl.Series:
    """Synthetic Chinese names: a surname and one or two given characters."""
    surname = pl.Series(SURNAMES).gather(rng.integers(0, len(SURNAMES), n))
    given1 = pl.Series(GIVEN).gather(rng.integers(0, len(GIVEN), n))
    two = rng.random(n) < 0.6
    given2 = pl.Series(GIVEN).gather(rng.integers(0, len(GIVEN), n))
    return surname + given1 + given2.zip_with(pl.Series(two), pl.Series([""] * n, dtype=pl.String))


def zero_padded(prefix: str, numbers: np.ndarray, width: int) -> pl.Series:
    """``prefix`` + numbers left-padded with zeros to ``width`` digits."""
    text = pl.Series(numbers.astype(np.int64)).cast(pl.String).str.zfill(width)
    return prefix + text

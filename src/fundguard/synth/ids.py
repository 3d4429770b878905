"""Identifier helpers: 18-digit ID numbers with a valid ISO 7064 MOD 11-2 check digit, names."""

from __future__ import annotations

import numpy as np
import polars as pl

from fundguard.synth.catalog_data import GIVEN, SURNAMES

_WEIGHTS = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2], dtype=np.int64)
_CHECK = np.array(list("10X98765432"))


def check_digits(first17: np.ndarray) -> np.ndarray:
    """Check characters (ISO 7064 MOD 11-2) for an array of 17-digit strings."""
    digits = np.frombuffer("".join(first17).encode("ascii"), dtype=np.uint8).reshape(-1, 17) - 48
    return _CHECK[(digits.astype(np.int64) @ _WEIGHTS) % 11]


def id_numbers(admdvs: np.ndarray, brdy: np.ndarray, seq: np.ndarray, is_male: np.ndarray) -> np.ndarray:
    """ID numbers: district prefix + birth date + 3-digit order code (odd = male) + check digit."""
    order = seq % 500 * 2 + np.where(is_male, 1, 0)
    births = np.datetime_as_string(brdy.astype("datetime64[D]"), unit="D")
    first17 = np.char.add(np.char.add(admdvs.astype("U6"), np.char.replace(births, "-", "")),
                          np.char.zfill(order.astype("U3"), 3))
    return np.char.add(first17, check_digits(first17))


def person_names(rng: np.random.Generator, n: int) -> pl.Series:
    """Synthetic Chinese names: a surname and one or two given characters."""
    surname = np.array(SURNAMES)[rng.integers(0, len(SURNAMES), n)]
    given1 = np.array(GIVEN)[rng.integers(0, len(GIVEN), n)]
    given2 = np.where(rng.random(n) < 0.6, np.array(GIVEN)[rng.integers(0, len(GIVEN), n)], "")
    return pl.Series(np.char.add(np.char.add(surname, given1), given2))


def zero_padded(prefix: str, numbers: np.ndarray, width: int) -> np.ndarray:
    """``prefix`` + numbers left-padded with zeros to ``width`` digits."""
    text = pl.Series(numbers.astype(np.int64)).cast(pl.String).str.zfill(width)
    return (prefix + text).to_numpy().astype("U")

"""Resident ID numbers (居民身份证号, GB 11643): checksum validation and masking.

The check digit is ISO 7064 MOD 11-2.  The number itself is never stored: ingest keeps a masked form
and a salted SHA-256 (computed in DuckDB at staging, see sql/ingest/stage_insured_ids.sql).
"""

from __future__ import annotations

import polars as pl

WEIGHTS: tuple[int, ...] = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
SHAPE = r"^\d{17}[\dX]$"


def check_char(first17: str) -> str:
    """The MOD 11-2 check character for the first 17 digits."""
    total = sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARS[total % 11]


def is_valid_certno(value: str) -> bool:
    """Scalar validator (reference for the vectorised one; used for single values)."""
    value = value.strip().upper()
    if len(value) != 18 or not value[:17].isdigit() or not (value[17].isdigit() or value[17] == "X"):
        return False
    return check_char(value[:17]) == value[17]


def certno_valid(col: pl.Expr) -> pl.Expr:
    """Vectorised validator: true when the 18-character number carries the right check character."""
    up = col.str.strip_chars().str.to_uppercase()
    total = pl.sum_horizontal(
        [up.str.slice(i, 1).cast(pl.Int64, strict=False) * w for i, w in enumerate(WEIGHTS)]
    )
    expected = pl.lit(CHECK_CHARS).str.slice(total % 11, 1)
    return (up.str.contains(SHAPE) & (up.str.slice(17, 1) == expected)).fill_null(False)


def mask_certno(col: pl.Expr) -> pl.Expr:
    """First 6 and last 4 characters kept, the birth date and sequence hidden."""
    up = col.str.strip_chars().str.to_uppercase()
    return pl.concat_str([up.str.slice(0, 6), pl.lit("********"), up.str.slice(14, 4)])

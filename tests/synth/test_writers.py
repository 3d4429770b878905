"""Money is written exactly: integer fen become DECIMAL values and yuan text without floats."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import polars as pl

from fundguard.synth.writers import decimal_array, fen_text


def test_decimal_array_is_exact_for_large_and_negative_amounts() -> None:
    values = decimal_array(np.array([1, -5, 123456789012345, 0]), 2).to_pylist()
    assert values == [Decimal("0.01"), Decimal("-0.05"), Decimal("1234567890123.45"), Decimal("0.00")]


def test_fen_text_formats_yuan_with_two_places() -> None:
    frame = pl.DataFrame({"fen": [5, 100, -1234, 0]})
    assert frame.select(fen_text("fen"))["fen"].to_list() == ["0.05", "1.00", "-12.34", "0.00"]

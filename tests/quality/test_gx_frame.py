"""Frames handed to GX: vectorisable dtypes without changing any value or any check's outcome."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from fundguard.quality.contracts import Check
from fundguard.quality.gx_suite import SuiteRunner, gx_frame

NOW = dt.datetime(2026, 11, 28, 8, 0)
CHECKS = [
    Check("t.at.not_future", "between", "at", "at", "blocking", "未来", {"max_value": NOW + dt.timedelta(days=1)}),
    Check("t.days.non_negative", "between", "days", "days", "blocking", "负数", {"min_value": 0}),
    Check("t.order", "a_ge_b", "end", "end", "blocking", "顺序", {"column_b": "at"}),
]


def _frame(years: list[int]) -> pd.DataFrame:
    return pd.DataFrame({
        "_row_id": range(len(years)),
        "at": np.array([f"{y}-01-01" for y in years], dtype="datetime64[us]"),
        "end": np.array([f"{y}-06-01" for y in years], dtype="datetime64[us]"),
        "days": pd.array([1, None, -2, 5][: len(years)], dtype="Int64"),
    })


def test_timestamps_become_nanoseconds_and_nullable_integers_floats():
    out = gx_frame(_frame([2026, 2027, 2028]))
    assert out["at"].dtype == np.dtype("datetime64[ns]") and out["days"].dtype == np.dtype("float64")
    assert out["days"].isna().tolist() == [False, True, False]
    assert out["at"].tolist() == _frame([2026, 2027, 2028])["at"].tolist()


def test_timestamps_outside_the_nanosecond_range_stay_exact():
    out = gx_frame(_frame([2026, 3000]))
    assert out["at"].dtype == np.dtype("datetime64[us]")
    found = sorted((f.row_id, f.check.name) for f in SuiteRunner("t", CHECKS).failures(_frame([2026, 3000, 2025])))
    assert found == [(1, "t.at.not_future"), (2, "t.days.non_negative")]


def test_runner_asks_for_checked_columns_only():
    assert SuiteRunner("t", CHECKS).columns == ("_row_id", "at", "days", "end")

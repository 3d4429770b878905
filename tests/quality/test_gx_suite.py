from __future__ import annotations

import pandas as pd
import pytest

from fundguard.errors import DataValidationError
from fundguard.quality.contracts import Check
from fundguard.quality.gx_suite import SuiteRunner

CHECKS = [
    Check("t.code.required", "not_null", "code", "code", "blocking", "必填"),
    Check("t.code.format", "regex", "code", "code", "warning", "格式", {"regex": r"^H\d{2}$"}),
    Check("t.amt.range", "between", "amt", "amt", "blocking", "范围", {"min_value": 0}),
    Check("t.stay", "a_ge_b", "end", "end", "blocking", "顺序", {"column_b": "begin"}),
    Check("t.ref", "is_true", "_ref_code", "code", "blocking", "引用"),
]


@pytest.fixture(scope="module")
def runner():
    return SuiteRunner("t", CHECKS)


def test_failures_name_rows_and_checks(runner):
    frame = pd.DataFrame({
        "_row_id": [10, 11, 12, 13],
        "code": ["H01", None, "X1", "H02"],
        "amt": [1.0, 2.0, -1.0, None],
        "begin": pd.to_datetime(["2026-01-01", "2026-01-05", None, "2026-01-01"]),
        "end": pd.to_datetime(["2026-01-02", "2026-01-04", "2026-01-01", None]),
        "_ref_code": [True, True, True, False],
    })
    found = sorted((f.row_id, f.check.name) for f in runner.failures(frame))
    assert found == [(11, "t.code.required"), (11, "t.stay"), (12, "t.amt.range"), (12, "t.code.format"),
                     (13, "t.ref")]


def test_clean_frame_has_no_failures(runner):
    frame = pd.DataFrame({"_row_id": [1], "code": ["H01"], "amt": [0.0],
                          "begin": pd.to_datetime(["2026-01-01"]), "end": pd.to_datetime(["2026-01-01"]),
                          "_ref_code": [True]})
    assert runner.failures(frame) == []


def test_a_check_on_a_missing_column_is_broken_not_passed(runner):
    frame = pd.DataFrame({"_row_id": [1], "code": ["H01"]})
    with pytest.raises(DataValidationError, match="不存在的列"):
        runner.failures(frame)


def test_failure_without_rows_is_a_broken_check():
    # comparing text with timestamps raises inside GX: the expectation fails without naming rows
    broken = SuiteRunner("b", [Check("b.x", "a_ge_b", "x", "x", "blocking", "r", {"column_b": "t"})])
    frame = pd.DataFrame({"_row_id": [1, 2], "x": ["a", "b"], "t": pd.to_datetime(["2026-01-01"] * 2)})
    with pytest.raises(DataValidationError, match="校验规则本身有误"):
        broken.failures(frame)

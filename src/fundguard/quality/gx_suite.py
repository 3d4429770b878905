"""Great Expectations 1.x: suites built in code from contracts, run over pandas chunks.

An ephemeral context with one pandas data source; ``result_format=COMPLETE`` with ``_row_id`` as the
unexpected-index column returns every failing row (failing values and the pandas query text are left
out: the gate needs row ids only).  An expectation that fails without naming all its failing rows (or
raises) is a broken check, reported as such, never taken as a pass.
(GX over DuckDB/SQLAlchemy is not used: see stack-notes.)

Speed (docs/ingest_performance.md): the caller hands over only ``SuiteRunner.columns``; ``gx_frame``
gives columns the dtypes GX's pandas engine evaluates vectorised (``datetime64[ns]``, ``float64``)
instead of calling a Python function per value; GX's per-batch data fingerprint (an md5 over a pandas
hash of every cell, batch metadata only) is switched off.
"""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from fundguard.errors import DataValidationError
from fundguard.quality.contracts import Check

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Failure:
    row_id: int
    check: Check


def _expectation(check: Check) -> Any:
    import great_expectations.expectations as gxe

    meta = {"check": check.name}
    col = check.column
    if check.kind == "not_null":
        return gxe.ExpectColumnValuesToNotBeNull(column=col, meta=meta)
    if check.kind == "in_set":
        return gxe.ExpectColumnValuesToBeInSet(column=col, value_set=check.params["value_set"], meta=meta)
    if check.kind == "regex":
        return gxe.ExpectColumnValuesToMatchRegex(column=col, regex=check.params["regex"], meta=meta)
    if check.kind == "between":
        return gxe.ExpectColumnValuesToBeBetween(
            column=col, min_value=check.params.get("min_value"), max_value=check.params.get("max_value"),
            strict_min=bool(check.params.get("strict_min", False)), meta=meta)
    if check.kind == "a_ge_b":
        return gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A=col, column_B=check.params["column_b"], or_equal=True,
            ignore_row_if="either_value_is_missing", meta=meta)
    if check.kind in ("is_true", "is_false"):
        return gxe.ExpectColumnValuesToBeInSet(column=col, value_set=[check.kind == "is_true"], meta=meta)
    raise ValueError(check.kind)


RESULT_FORMAT = {"result_format": "COMPLETE", "unexpected_index_column_names": ["_row_id"],
                 "exclude_unexpected_values": True, "return_unexpected_index_query": False}

# datetime64[ns] spans 1677-09-22 .. 2262-04-11; values outside stay in microseconds (slow but exact).
_NS_MIN, _NS_MAX = np.datetime64("1678-01-01", "us"), np.datetime64("2262-01-01", "us")


def gx_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with dtypes GX's pandas engine checks vectorised; values and nulls are unchanged.

    ``ExpectColumnValuesToBeBetween`` compares element by element in Python unless the column is
    ``int64``/``float64`` or ``datetime64[ns]``: microsecond timestamps become nanoseconds when every
    value fits, nullable integers become ``float64`` (null -> NaN, which GX skips like null; the bounds
    checked on integers are signs, exact in float).
    """
    out = {}
    for name, col in frame.items():
        dtype = col.dtype
        if isinstance(dtype, np.dtype) and dtype.kind == "M" and dtype != np.dtype("datetime64[ns]"):
            lo, hi = col.min(), col.max()
            if pd.isna(lo) or (lo.to_datetime64() >= _NS_MIN and hi.to_datetime64() <= _NS_MAX):
                out[name] = col.astype("datetime64[ns]")
        elif isinstance(dtype, pd.api.extensions.ExtensionDtype) and pd.api.types.is_integer_dtype(dtype):
            out[name] = col.astype("float64")
    return frame.assign(**out) if out else frame


def _row_ids(index_list: list[dict[str, Any]]) -> list[int]:
    """Row ids from GX's ``unexpected_index_list``: ``[{"_row_id": [ids]}]`` when unexpected values are
    excluded, one ``{"_row_id": id, ...}`` per row otherwise."""
    ids: list[int] = []
    for entry in index_list:
        value = entry["_row_id"]
        ids.extend(int(v) for v in value) if isinstance(value, list) else ids.append(int(value))
    return ids


@cache
def _context() -> Any:
    """One ephemeral GX context per process (each one creates a temporary docs folder)."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig
    from great_expectations.execution_engine import pandas_execution_engine

    # The fingerprint of an in-memory batch (batch metadata, never a check) hashed every cell of every
    # chunk: about a third of the validation time.  Frames of at least HASH_THRESHOLD bytes skip it.
    pandas_execution_engine.HASH_THRESHOLD = 0

    # GX pins this logger to INFO at import; its "temporary directory" notices are noise to operators.
    logging.getLogger("great_expectations.data_context.types.base").setLevel(logging.WARNING)
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    return context


class SuiteRunner:
    """Validates pandas frames of one table against its contract (suite built once per batch)."""

    def __init__(self, table: str, checks: Iterable[Check]):
        import great_expectations as gx

        self.checks = {c.name: c for c in checks}
        needed = {"_row_id"} | {c.column for c in self.checks.values()}
        self.columns: tuple[str, ...] = tuple(sorted(
            needed | {str(c.params["column_b"]) for c in self.checks.values() if "column_b" in c.params}))
        """The columns a validated frame needs (``_row_id`` and every checked column)."""
        self.context = _context()
        name = f"{table}_{uuid.uuid4().hex[:8]}"  # suites carry batch-specific bounds (now)
        source = self.context.data_sources.add_pandas(f"fg_{name}")
        self.batch_definition = source.add_dataframe_asset(table).add_batch_definition_whole_dataframe("all")
        suite = gx.ExpectationSuite(name=f"fundguard_{name}")
        for check in self.checks.values():
            suite.add_expectation(_expectation(check))
        self.suite = self.context.suites.add(suite)

    def failures(self, frame: Any) -> list[Failure]:
        """Failing (row id, check) pairs of a pandas frame with a ``_row_id`` column."""
        present = set(frame.columns)
        missing = [c for c in self.checks.values() if c.column not in present
                   or c.params.get("column_b", c.column) not in present]
        if missing:  # a contract naming a column the frame lacks is a programming error
            raise DataValidationError(f"校验规则引用了不存在的列: {', '.join(c.name for c in missing)}")
        batch = self.batch_definition.get_batch(batch_parameters={"dataframe": gx_frame(frame)})
        result = batch.validate(self.suite, result_format=RESULT_FORMAT)
        out: list[Failure] = []
        for r in result.results:
            check = self.checks[r.expectation_config.meta["check"]]
            if r.success:
                continue
            rows = _row_ids((r.result or {}).get("unexpected_index_list") or [])
            if not rows or len(rows) != (r.result or {}).get("unexpected_count"):
                raise DataValidationError(
                    f"数据校验规则 {check.name} 执行失败但未给出失败记录 (校验规则本身有误)",
                    hint="这是程序问题, 请联系运维; 本批次未入库。")
            out.extend(Failure(row, check) for row in rows)
        log.debug("gx validated rows=%d failures=%d", len(frame), len(out))
        return out

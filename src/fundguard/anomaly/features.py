"""Entity feature frames from ``sql/features/*.sql`` (DuckDB does the heavy lifting).

Owns the scoring window (period label + date range), the bound SQL parameters and the temp tables
the per-entity queries share (``feat_line``: the one pass over fee lines, ``feat_setl``,
``feat_prior``, ``feat_cohort``, ``feat_finding``).  Never writes persistent tables.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import duckdb
import polars as pl

from fundguard.anomaly.spec import EntityType, ModelSpec
from fundguard.db.sql_files import bind, sql_text

# Temp tables materialised once per window, in dependency order (names are constants, not input).
BASE_TABLES: tuple[str, ...] = ("feat_line", "feat_setl", "feat_prior", "feat_cohort",
                               "feat_finding")
ATTRIBUTE_COLUMNS: tuple[str, ...] = ("entity_id", "admdvs", "n_setl", "n_patients", "fund_total")


@dataclass(frozen=True, slots=True)
class Window:
    """A scoring period: ``label`` (``YYYY-MM`` or ``YYYY-MM..YYYY-MM``) over [start, end]."""

    label: str
    start: date
    end: date

    @property
    def n_months(self) -> int:
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1


def month_windows(start: date, end: date) -> list[Window]:
    """One window per calendar month overlapping [start, end] (full months)."""
    windows = []
    first = start.replace(day=1)
    while first <= end:
        nxt = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
        windows.append(Window(first.strftime("%Y-%m"), first, nxt - timedelta(days=1)))
        first = nxt
    return windows


def span_window(start: date, end: date) -> Window:
    """One window over the whole range (evaluation, yearly reviews)."""
    label = f"{start:%Y-%m}..{end:%Y-%m}" if (start.year, start.month) != (end.year, end.month) \
        else f"{start:%Y-%m}"
    return Window(label, start, end)


def feature_params(spec: ModelSpec, window: Window) -> dict[str, object]:
    """Every parameter the feature SQL may bind (each statement takes the subset it uses)."""
    params: dict[str, object] = {
        "start": window.start,
        "end": window.end,
        "lookback_start": window.start - timedelta(days=spec.lookback_days),
        "severity_weight": json.dumps(spec.risk.severity_weight, ensure_ascii=False),
        "result_type_weight": json.dumps(spec.risk.result_type_weight, ensure_ascii=False),
    }
    params.update(spec.sql_params)
    return params


def _select(con: duckdb.DuckDBPyConnection, sql_dir: Path, name: str,
            params: dict[str, object]) -> pl.DataFrame:
    sql = sql_text(sql_dir, name)
    return pl.from_arrow(con.sql(sql, params=bind(sql, params)).to_arrow_table())  # type: ignore[return-value]


def materialise_feature_base(con: duckdb.DuckDBPyConnection, sql_dir: Path, spec: ModelSpec,
                             window: Window) -> None:
    """(Re)create the temp tables the entity queries read, for ``window``."""
    params = feature_params(spec, window)
    for table in BASE_TABLES:
        sql = sql_text(sql_dir, f"features/{table}")
        con.execute(f"create or replace temp table {table} as {sql}", bind(sql, params))


def release_feature_base(con: duckdb.DuckDBPyConnection, sql_dir: Path, spec: ModelSpec,
                         remaining: list[EntityType]) -> None:
    """Drop the base temp tables that no query of the ``remaining`` entity types names.

    A city-year holds ~5 GB in them (``feat_line`` alone 14M rows): freeing what the next queries
    do not read keeps those from spilling.  A name found anywhere in the SQL text keeps the table.
    """
    texts = [sql_text(sql_dir, spec.entities[t].sql) for t in remaining if t in spec.entities]
    if remaining:
        texts.append(sql_text(sql_dir, "features/entity_findings"))
    for table in BASE_TABLES:
        if not any(table in text for text in texts):
            con.execute(f"drop table if exists {table}")  # names are constants, not input


def entity_features(con: duckdb.DuckDBPyConnection, sql_dir: Path, spec: ModelSpec,
                    entity_type: EntityType, window: Window) -> pl.DataFrame:
    """Feature frame of one entity type (base tables must be materialised for ``window``).

    Entities below the spec's ``min_activity`` (settlements in the window) are dropped.
    """
    entity = spec.entities[entity_type]
    frame = _select(con, sql_dir, entity.sql, feature_params(spec, window))
    frame = frame.filter(pl.col("n_setl") >= entity.min_activity)
    casts = [pl.col(f).cast(pl.Float64) for f in entity.feature_names]
    return frame.with_columns(*casts, pl.col("entity_id").cast(pl.String)).sort("entity_id")


def entity_findings(con: duckdb.DuckDBPyConnection, sql_dir: Path, spec: ModelSpec,
                    entity_type: EntityType, window: Window) -> pl.DataFrame:
    """Rule-finding aggregates (count, weighted count, amounts) per entity in ``window``."""
    params = {**feature_params(spec, window), "entity_type": entity_type}
    return _select(con, sql_dir, "features/entity_findings", params)

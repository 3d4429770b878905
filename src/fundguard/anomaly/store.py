"""Writing the anomaly outputs: ``risk_score``, ``risk_feature_drift`` and ``risk_model_run``.

Each write replaces the rows of its (run, entity type, period), so re-running a night never
duplicates.  Frames are registered with DuckDB and inserted by column name via sql/features/*.sql.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import polars as pl

from fundguard.db.sql_files import bind, sql_text

SCORE_COLUMNS = (
    "entity_id", "peer_group", "admdvs", "anomaly_score", "anomaly_pct", "iforest_pct", "tail_pct",
    "rule_score", "n_findings", "n_findings_definite", "vola_amt", "fund_amt", "supervised_pct",
    "risk_score", "risk_rank", "band", "reasons",
)


@dataclass(frozen=True, slots=True)
class WriteKey:
    run_id: str
    entity_type: str
    period: str

    def params(self) -> dict[str, object]:
        return {"run_id": self.run_id, "entity_type": self.entity_type, "period": self.period}


def _replace(con: duckdb.DuckDBPyConnection, sql_dir: Path, name: str, key: WriteKey,
             rows: pl.DataFrame, view: str) -> None:
    delete = sql_text(sql_dir, f"features/risk_delete_{name}")
    con.execute(delete, bind(delete, key.params()))
    if rows.height == 0:
        return
    con.register(view, rows.to_arrow())
    try:
        con.execute(sql_text(sql_dir, f"features/risk_insert_{name}"))
    finally:
        con.unregister(view)


def _stamp(frame: pl.DataFrame, key: WriteKey, model_version: str, at_column: str) -> pl.DataFrame:
    return frame.with_columns(
        run_id=pl.lit(key.run_id), entity_type=pl.lit(key.entity_type), period=pl.lit(key.period),
        model_version=pl.lit(model_version), **{at_column: pl.lit(datetime.now())},
    )


def write_scores(con: duckdb.DuckDBPyConnection, sql_dir: Path, key: WriteKey,
                 scores: pl.DataFrame, model_version: str) -> int:
    """Replace the risk_score rows of ``key``; returns rows written."""
    rows = _stamp(scores.select(*SCORE_COLUMNS), key, model_version, "scored_at")
    rows = rows.with_columns(pl.col("risk_rank").cast(pl.Int32))
    _replace(con, sql_dir, "scores", key, rows, "risk_rows")
    return rows.height


def write_drift(con: duckdb.DuckDBPyConnection, sql_dir: Path, key: WriteKey,
                drift: pl.DataFrame, model_version: str) -> int:
    rows = _stamp(drift, key, model_version, "computed_at")
    _replace(con, sql_dir, "drift", key, rows, "drift_rows")
    return rows.height


def write_model_run(con: duckdb.DuckDBPyConnection, sql_dir: Path, key: WriteKey,
                    summary: dict[str, object], model_version: str) -> None:
    rows = _stamp(pl.DataFrame([summary]), key, model_version, "computed_at")
    _replace(con, sql_dir, "model_run", key, rows, "model_run_rows")

"""The committed sample city through the gate: planted data errors found at their exact rows, nothing
else blocked (skipped while data_samples/city is absent)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl

REPO = Path(__file__).resolve().parents[2]
LABELS = REPO / "data_samples" / "city" / "labels" / "data_errors.parquet"


def _quarantine(settings) -> pl.DataFrame:
    with duckdb.connect(str(settings.db_path), read_only=True) as con:
        return pl.from_arrow(con.sql(
            "select file_path as file, source_row, check_name, severity from quarantine").to_arrow_table())


def test_every_planted_data_error_is_caught_at_its_row(sample_db):
    planted = pl.read_parquet(LABELS).select("file", "source_row", "error_kind")
    found = _quarantine(sample_db)
    missed = planted.join(found, on=["file", "source_row"], how="anti")
    assert missed.height == 0, missed


def test_only_planted_errors_are_blocked(sample_db):
    planted = pl.read_parquet(LABELS).select("file", "source_row")
    blocked = _quarantine(sample_db).filter(pl.col("severity") == "blocking")
    unexpected = blocked.join(planted, on=["file", "source_row"], how="anti")
    assert unexpected.height == 0, unexpected


def test_manifest_rows_add_up(sample_db):
    with duckdb.connect(str(sample_db.db_path), read_only=True) as con:
        bad = con.execute("select file_path from ingest_manifest"
                          " where rows_read <> rows_loaded + rows_quarantined").fetchall()
        n = con.execute("select count(*) from ingest_manifest").fetchall()[0][0]
    assert n > 0 and bad == []


def test_every_labelled_scheme_record_loads(sample_db):
    """Business violations are for the rules to find: the gate must never hold them back."""
    labels = REPO / "data_samples" / "city" / "labels"
    lines = pl.read_parquet(labels / "line_labels.parquet").select("setl_id", "feedetl_sn").unique()
    setls = pl.read_parquet(labels / "settlement_labels.parquet").select("setl_id").unique()
    with duckdb.connect(str(sample_db.db_path), read_only=True) as con:
        con.register("want_lines", lines.to_arrow())
        con.register("want_setls", setls.to_arrow())
        missing_lines = con.execute("select count(*) from want_lines w anti join fee_line f"
                                    " using (setl_id, feedetl_sn)").fetchall()[0][0]
        missing_setls = con.execute("select count(*) from want_setls w anti join settlement s"
                                    " using (setl_id)").fetchall()[0][0]
    assert (missing_lines, missing_setls) == (0, 0)

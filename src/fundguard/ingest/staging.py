"""Per-batch staging in DuckDB temp tables (nothing persistent until the batch transaction).

``stage_<table>`` holds every cast row of the batch for one canonical table (typed columns, the parse
flags, ``_file_idx``/``_row_id``/``_source_row``/``_raw``, ``_blocked``); ``stage_files`` the batch's
files; ``stage_quarantine`` the failures found so far.  Identifiers come from the migrated DDL only.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl

from fundguard.db.sql_files import sql_text
from fundguard.ingest.tables import INPUT_ONLY_COLUMNS, LOAD_ORDER, data_columns

_STAGE_META = (
    "_file_idx integer, _row_id bigint, _source_row bigint, _raw varchar, _rec_version bigint,"
    " _blocked boolean default false, _certno_ok boolean, _chk_name_ok boolean"
)


def stage_table(table: str) -> str:
    if table not in LOAD_ORDER:
        raise ValueError(table)
    return f"stage_{table}"


def create_stage_tables(con: duckdb.DuckDBPyConnection, sql_dir: Path) -> None:
    """(Re)create the empty staging tables of a batch."""
    for table in LOAD_ORDER:
        cols = data_columns(sql_dir, table)
        typed = ", ".join(f"{c.name} {c.dtype}" for c in cols)
        extra = "".join(f", {n} varchar, _badtype__{n} boolean" for n in INPUT_ONLY_COLUMNS.get(table, ()))
        flags = ", ".join(f"_badtype__{c.name} boolean" for c in cols)
        con.execute(
            f"create or replace temp table {stage_table(table)} ({_STAGE_META}, {typed}{extra}, {flags},"
            " _badtype___rec_version boolean)"
        )
    con.execute(sql_text(sql_dir, "ingest/create_stage_files"))


def next_row_id(con: duckdb.DuckDBPyConnection, table: str) -> int:
    row = con.execute(f"select coalesce(max(_row_id) + 1, 0) from {stage_table(table)}").fetchall()[0]
    return int(row[0]) if row else 0


def stage_rows(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> dict[int, int]:
    """Append a cast frame (with ``_file_idx``) to ``stage_<table>``; returns rows staged per file index."""
    offset = next_row_id(con, table)
    staged = frame.with_columns((pl.col("_row_id").cast(pl.Int64) + offset).alias("_row_id"))
    con.register("_incoming", staged.to_arrow())
    try:
        con.execute(f"insert into {stage_table(table)} by name select * from _incoming")
    finally:
        con.unregister("_incoming")
    counts = staged.group_by("_file_idx").len()
    return dict(zip(counts["_file_idx"].to_list(), counts["len"].to_list(), strict=True))


def hash_insured_ids(con: duckdb.DuckDBPyConnection, sql_dir: Path, salt: str) -> None:
    """Replace staged ID numbers by their salted hash (the number itself is never persisted)."""
    con.execute(sql_text(sql_dir, "ingest/hash_insured_ids"), {"salt": salt})


def add_quarantine(con: duckdb.DuckDBPyConnection, rows: pl.DataFrame) -> None:
    """Append failures (columns of ``stage_quarantine``) found outside SQL."""
    if rows.height == 0:
        return
    con.register("_q", rows.to_arrow())
    try:
        con.execute("insert into stage_quarantine by name select * from _q")
    finally:
        con.unregister("_q")

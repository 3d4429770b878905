"""Running a table's contract over the batch's staged rows of that table, chunk by chunk.

Derived check columns are computed in DuckDB (references from ``REFERENCES`` via
``sql/ingest/reference_check.sql``; header totals and conditional checks in
``sql/ingest/derived_<table>.sql``), joined to the staged rows and handed to GX as pandas chunks;
failures go to ``stage_quarantine`` and blocking ones mark the staged row ``_blocked``.  All files of a
table are validated together (row ids are unique per table), so GX's fixed cost is paid once per chunk.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from fundguard.db.sql_files import sql_text
from fundguard.ingest.staging import stage_table
from fundguard.quality.contracts import REFERENCES
from fundguard.quality.gx_suite import Failure, SuiteRunner


def _references_sql(sql_dir: Path, table: str) -> str | None:
    refs = REFERENCES.get(table, ())
    if not refs:
        return None
    template = "\n".join(ln for ln in sql_text(sql_dir, "ingest/reference_check").splitlines()
                         if not ln.startswith("--"))
    # Identifiers come from the REFERENCES constant only.
    exprs = [f"({template.format(column=r.column, parent=r.parent, parent_key=r.parent_key)})"
             f" as _ref_{r.column}" for r in refs]
    return f"select s._row_id, {', '.join(exprs)} from {stage_table(table)} as s"


def _derived_sql(sql_dir: Path, table: str) -> str | None:
    """One query giving every derived check column of a file's staged rows (or None)."""
    parts = [_references_sql(sql_dir, table)]
    if (sql_dir / "ingest" / f"derived_{table}.sql").is_file():
        parts.append(sql_text(sql_dir, f"ingest/derived_{table}").strip().rstrip(";"))
    parts = [p for p in parts if p]
    if len(parts) < 2:
        return parts[0] if parts else None
    return f"select * from ({parts[0]}) as r join ({parts[1]}) as d using (_row_id)"


def _temp_columns(con: duckdb.DuckDBPyConnection, name: str) -> dict[str, str]:
    """Column name -> type of one of the batch's temp tables."""
    return dict(con.execute("select column_name, data_type from duckdb_columns() where database_name = 'temp'"
                            " and table_name = $t", {"t": name}).fetchall())


def _as_checked(ref: str, dtype: str) -> str:
    """How GX gets a column: decimals as double and dates as timestamps (what pandas holds anyway)."""
    if dtype.startswith("DECIMAL"):
        return f"cast({ref} as double)"
    return f"cast({ref} as timestamp)" if dtype == "DATE" else ref


def _chunk_query(con: duckdb.DuckDBPyConnection, table: str, columns: tuple[str, ...],
                 has_derived: bool) -> str:
    """The staged rows ``$lo..$hi`` of ``table`` with only ``columns`` (what the suite checks).

    A column neither staged nor derived is left out: the runner then reports the broken contract."""
    stage = stage_table(table)
    derived = {c: t for c, t in _temp_columns(con, "_derived").items() if c != "_row_id"} if has_derived else {}
    staged = _temp_columns(con, stage)
    # Identifiers are existing column names of the batch's own temp tables.
    select = ", ".join(f"{_as_checked(f'd.{c}', derived[c])} as {c}" if c in derived
                       else f"{_as_checked(f's.{c}', staged[c])} as {c}" for c in columns if c in derived or c in staged)
    join = " join _derived as d using (_row_id)" if has_derived else ""
    return f"select {select} from {stage} as s{join} where s._row_id between $lo and $hi"


def _chunk(con: duckdb.DuckDBPyConnection, query: str, lo: int, hi: int) -> pd.DataFrame:
    """One chunk as pandas, through Arrow in one piece (several times cheaper than ``.df()``, and GX
    runs faster on contiguous columns)."""
    table = con.sql(query, params={"lo": lo, "hi": hi}).to_arrow_table()
    return table.combine_chunks().to_pandas()


def _row_range(con: duckdb.DuckDBPyConnection, table: str) -> tuple[int, int] | None:
    row = con.execute(f"select min(_row_id), max(_row_id) from {stage_table(table)}").fetchall()[0]
    return None if row[0] is None else (int(row[0]), int(row[1]))


def _record(con: duckdb.DuckDBPyConnection, table: str, failures: list[Failure]) -> Counter[tuple[int, str]]:
    found = pa.table({
        "_row_id": pa.array([f.row_id for f in failures], pa.int64()),
        "check_name": [f.check.name for f in failures],
        "field": [f.check.field for f in failures],
        "severity": [f.check.severity for f in failures],
        "reason_zh": [f.check.reason_zh for f in failures],
    })
    stage = stage_table(table)
    con.register("_found", found)
    try:
        con.execute(
            "insert into stage_quarantine (_file_idx, source_row, field, check_name, severity, reason_zh,"
            " raw_record) select s._file_idx, s._source_row, x.field, x.check_name, x.severity, x.reason_zh,"
            f" s._raw from _found as x join {stage} as s using (_row_id)")
        con.execute(f"update {stage} set _blocked = true where _row_id in"
                    " (select _row_id from _found where severity = 'blocking')")
        per_file = con.execute(f"select s._file_idx, x.check_name, count(*) from _found as x join {stage}"
                               " as s using (_row_id) group by 1, 2").fetchall()
    finally:
        con.unregister("_found")
    return Counter({(int(i), str(c)): int(n) for i, c, n in per_file})


def validate_table(con: duckdb.DuckDBPyConnection, sql_dir: Path, table: str, runner: SuiteRunner,
                   chunk_rows: int) -> Counter[tuple[int, str]]:
    """Validate the batch's staged rows of ``table``; returns failures per (file index, check name)."""
    span = _row_range(con, table)
    counts: Counter[tuple[int, str]] = Counter()
    if span is None:
        return counts
    derived = _derived_sql(sql_dir, table)
    if derived:
        con.execute(f"create or replace temp table _derived as {derived}")
    query = _chunk_query(con, table, runner.columns, derived is not None)
    for lo in range(span[0], span[1] + 1, chunk_rows):
        failures = runner.failures(_chunk(con, query, lo, min(lo + chunk_rows - 1, span[1])))
        if failures:
            counts.update(_record(con, table, failures))
    return counts

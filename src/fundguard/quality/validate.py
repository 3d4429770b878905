"""Running a table's contract over the staged rows of one file, chunk by chunk.

Derived check columns are computed in DuckDB (``sql/ingest/derived_<table>.sql``: references, header
totals, conditional checks), joined to the staged rows, handed to GX as pandas chunks; failures go to
``stage_quarantine`` and blocking ones mark the staged row ``_blocked``.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import duckdb
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
    return (f"select s._row_id, {', '.join(exprs)} from {stage_table(table)} as s"
            " where s._file_idx = $file_idx")


def _derived_sql(sql_dir: Path, table: str) -> str | None:
    """One query giving every derived check column of a file's staged rows (or None)."""
    parts = [_references_sql(sql_dir, table)]
    if (sql_dir / "ingest" / f"derived_{table}.sql").is_file():
        parts.append(sql_text(sql_dir, f"ingest/derived_{table}").strip().rstrip(";"))
    parts = [p for p in parts if p]
    if len(parts) < 2:
        return parts[0] if parts else None
    return f"select * from ({parts[0]}) as r join ({parts[1]}) as d using (_row_id)"


def _chunk_query(table: str, has_derived: bool) -> str:
    stage = stage_table(table)
    if has_derived:
        return (f"select s.*, d.* exclude (_row_id) from {stage} as s join _derived as d using (_row_id)"
                " where s._file_idx = $file_idx and s._row_id between $lo and $hi")
    return f"select s.* from {stage} as s where s._file_idx = $file_idx and s._row_id between $lo and $hi"


def _row_range(con: duckdb.DuckDBPyConnection, table: str, file_idx: int) -> tuple[int, int] | None:
    row = con.execute(f"select min(_row_id), max(_row_id) from {stage_table(table)} where _file_idx = $f",
                      {"f": file_idx}).fetchall()[0]
    return None if row is None or row[0] is None else (int(row[0]), int(row[1]))


def _record(con: duckdb.DuckDBPyConnection, table: str, file_idx: int, failures: list[Failure]) -> None:
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
            f" raw_record) select $f, s._source_row, x.field, x.check_name, x.severity, x.reason_zh, s._raw"
            f" from _found as x join {stage} as s using (_row_id)", {"f": file_idx})
        con.execute(f"update {stage} set _blocked = true where _row_id in"
                    " (select _row_id from _found where severity = 'blocking')")
    finally:
        con.unregister("_found")


def validate_file(con: duckdb.DuckDBPyConnection, sql_dir: Path, table: str, file_idx: int,
                  runner: SuiteRunner, chunk_rows: int) -> Counter[str]:
    """Validate one file's staged rows; returns failures per check name."""
    span = _row_range(con, table, file_idx)
    counts: Counter[str] = Counter()
    if span is None:
        return counts
    derived = _derived_sql(sql_dir, table)
    if derived:
        con.execute(f"create or replace temp table _derived as {derived}", {"file_idx": file_idx})
    query = _chunk_query(table, derived is not None)
    for lo in range(span[0], span[1] + 1, chunk_rows):
        params = {"file_idx": file_idx, "lo": lo, "hi": min(lo + chunk_rows - 1, span[1])}
        frame = con.execute(query, params).df()
        failures = runner.failures(frame)
        if failures:
            _record(con, table, file_idx, failures)
        counts.update(f.check.name for f in failures)
    return counts

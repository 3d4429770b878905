"""Applying a staged batch to the canonical tables (inside the batch transaction).

The SQL lives in ``sql/ingest/apply_*.sql`` as templates whose only placeholders are identifiers,
filled here from the DDL-derived allow-lists (``LOAD_ORDER``, ``BUSINESS_KEYS``, table columns);
values are always bound ``$params``.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb

from fundguard.db.sql_files import sql_text
from fundguard.ingest.staging import stage_table
from fundguard.ingest.tables import BUSINESS_KEYS, LOAD_ORDER, data_columns

_IDENT = re.compile(r"^[a-z_][a-z0-9_]*$")


def _identifiers(sql_dir: Path, table: str) -> dict[str, str]:
    if table not in LOAD_ORDER:
        raise ValueError(table)
    keys = BUSINESS_KEYS[table]
    columns = data_columns(sql_dir, table)
    cols = [c.name for c in columns]
    assert all(_IDENT.match(n) for n in (*keys, *cols))
    # Defaults come from the DDL (trusted text), so an absent optional flag loads as its default.
    selected = [f"coalesce(s.{c.name}, {c.default}) as {c.name}" if c.default else f"s.{c.name}"
                for c in columns]
    return {
        "table": table,
        "stage": stage_table(table),
        "keys": ", ".join(keys),
        "key_names": "+".join(keys),
        "key_eq": " and ".join(f"a.{k} = b.{k}" for k in keys),
        "columns": ", ".join(selected),
    }


def _statements(sql_dir: Path, name: str, table: str) -> list[str]:
    text = sql_text(sql_dir, name).format(**_identifiers(sql_dir, table))
    parts = (part.strip() for part in text.split(";\n"))
    return [p for p in parts if any(ln.strip() and not ln.strip().startswith("--") for ln in p.splitlines())]


def _run(con: duckdb.DuckDBPyConnection, sql_dir: Path, name: str, table: str,
         params: dict[str, object]) -> None:
    from fundguard.db.sql_files import bind

    for statement in _statements(sql_dir, name, table):
        con.execute(statement, bind(statement, params))


def quarantine_duplicates(con: duckdb.DuckDBPyConnection, sql_dir: Path, table: str) -> None:
    """Quarantine rows repeating a key+version of the batch or not newer than the stored row."""
    _run(con, sql_dir, "ingest/apply_duplicates", table, {})


def load_table(con: duckdb.DuckDBPyConnection, sql_dir: Path, table: str,
               batch_id: str) -> dict[int, int]:
    """Insert the winners, move replaced rows to history; returns superseded rows per file index."""
    _run(con, sql_dir, "ingest/apply_corrections", table, {"batch_id": batch_id})
    rows = con.execute("select _file_idx, n from _superseded_counts").fetchall()
    superseded = {int(i): int(n) for i, n in rows}
    losers = con.execute("select _file_idx, count(*) from _winners where not is_winner group by 1").fetchall()
    for idx, n in losers:
        superseded[int(idx)] = superseded.get(int(idx), 0) + int(n)
    return superseded

"""Input snapshots for referral packages: the canonical rows a case's rules read, written to Parquet,
and loaded back into a fresh database for reproduction.  Table names come only from ``SNAPSHOT_TABLES``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from fundguard.db.sqlrun import arrow_table

# Canonical tables a rule may read; each has sql/cases/referral/snapshot/<table>.sql.
SNAPSHOT_TABLES = (
    "code_list", "institution", "staff", "staff_status", "insured", "catalog_item", "price_cap",
    "knowledge_point", "settlement", "fee_line", "inventory_movement", "fund_disbursement",
    "bank_record",
)


def _names_used(sql: str) -> tuple[set[str], set[str]]:
    """(table names, function names) a statement mentions."""
    import sqlglot
    from sqlglot import exp

    tree = sqlglot.parse_one(sql, read="duckdb")
    return ({t.name for t in tree.find_all(exp.Table) if t.name},
            {f.name for f in tree.find_all(exp.Anonymous)})


def tables_read_by(sql: str, table_macros: dict[str, str]) -> list[str]:
    """Canonical tables a rule's SQL reads, directly or through table macros, in SNAPSHOT_TABLES
    order (CTE names ignored)."""
    tables: set[str] = set()
    pending, seen = [sql], set[str]()
    while pending:
        names, functions = _names_used(pending.pop())
        tables |= names & set(SNAPSHOT_TABLES)
        for name in sorted(functions & set(table_macros) - seen):
            seen.add(name)
            pending.append(table_macros[name])
    if tables & {"settlement", "fee_line", "insured"}:
        tables.add("institution")
    return [t for t in SNAPSHOT_TABLES if t in tables]


def write_snapshot(con: duckdb.DuckDBPyConnection, sql_dir: Path, tables: list[str],
                   scope: dict[str, Any], folder: Path) -> dict[str, int]:
    """Write ``<folder>/<table>.parquet`` for each table, rows limited to ``scope``; rows per table."""
    import pyarrow.parquet as pq

    folder.mkdir(parents=True, exist_ok=True)
    counts = {}
    for table in tables:
        data = arrow_table(con, sql_dir, f"cases/referral/snapshot/{table}", scope)
        pq.write_table(data, folder / f"{table}.parquet")
        counts[table] = data.num_rows
    return counts


def load_snapshot(con: duckdb.DuckDBPyConnection, folder: Path) -> dict[str, int]:
    """Insert every ``<table>.parquet`` of ``folder`` into the same-named (allow-listed) table."""
    import pyarrow.parquet as pq

    counts = {}
    for table in SNAPSHOT_TABLES:
        path = folder / f"{table}.parquet"
        if not path.is_file():
            continue
        data = pq.read_table(path)
        con.register("snapshot_rows", data)
        try:
            con.execute(f"insert into {table} by name select * from snapshot_rows")  # allow-listed
        finally:
            con.unregister("snapshot_rows")
        counts[table] = data.num_rows
    return counts

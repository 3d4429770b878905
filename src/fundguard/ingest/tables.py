"""Canonical table metadata: business keys, load order and column types.

Column names and types come from the DDL itself (migrations applied to an in-memory database), so the
DDL stays the single source; this module only adds what DDL cannot say (business keys of tables without
a primary-key index, dependency order, input-only columns).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

# Load order: referenced tables before the tables that reference them.
LOAD_ORDER: tuple[str, ...] = (
    "institution",
    "staff",
    "staff_status",
    "insured",
    "catalog_item",
    "price_cap",
    "knowledge_point",
    "settlement",
    "fee_line",
    "inventory_movement",
    "fund_disbursement",
    "bank_record",
)

BUSINESS_KEYS: dict[str, tuple[str, ...]] = {
    "institution": ("fixmedins_code",),
    "staff": ("psn_code",),
    "staff_status": ("psn_code", "begin_date"),
    "insured": ("psn_no",),
    "catalog_item": ("hilist_code", "begndate"),
    "price_cap": ("hilist_code", "medins_lv", "begndate"),
    "knowledge_point": ("kp_id",),
    "settlement": ("setl_id",),
    "fee_line": ("setl_id", "feedetl_sn"),
    "inventory_movement": ("mov_id",),
    "fund_disbursement": ("disb_id",),
    "bank_record": ("bank_txn_id",),
}

META_COLUMNS: tuple[str, ...] = ("_batch_id", "_source_file", "_source_row", "_rec_version")

# Source columns accepted by a table although not stored as such (transformed at ingest).
INPUT_ONLY_COLUMNS: dict[str, tuple[str, ...]] = {"insured": ("certno",)}


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    dtype: str  # DuckDB type name, e.g. VARCHAR, DECIMAL(18,2), TIMESTAMP
    nullable: bool
    has_default: bool
    comment: str | None
    default: str | None = None
    """The DDL default expression (e.g. ``false``, ``0``), if any."""


@cache
def _schema(sql_dir: Path) -> dict[str, tuple[Column, ...]]:
    from fundguard.db.connection import memory_connection
    from fundguard.db.migrate import apply_migrations

    con = memory_connection()
    try:
        apply_migrations(con, sql_dir)
        rows = con.execute(
            "select table_name, column_name, data_type, is_nullable, column_default is not null, comment,"
            " column_default"
            " from duckdb_columns() where not internal and schema_name = 'main'"
            " order by table_name, column_index"
        ).fetchall()
    finally:
        con.close()
    out: dict[str, list[Column]] = {}
    for table, name, dtype, nullable, has_default, comment, default in rows:
        out.setdefault(table, []).append(Column(name, dtype, nullable, has_default, comment, default))
    return {t: tuple(cols) for t, cols in out.items()}


def table_comments(sql_dir: Path) -> dict[str, str | None]:
    """Table comments of all tables of the migrated schema."""
    from fundguard.db.connection import memory_connection
    from fundguard.db.migrate import apply_migrations

    con = memory_connection()
    try:
        apply_migrations(con, sql_dir)
        return dict(con.execute(
            "select table_name, comment from duckdb_tables() where not internal and schema_name = 'main'"
        ).fetchall())
    finally:
        con.close()


def schema_columns(sql_dir: Path) -> dict[str, tuple[Column, ...]]:
    """All columns of all tables of the migrated schema, in DDL order."""
    return _schema(sql_dir.resolve())


def data_columns(sql_dir: Path, table: str) -> tuple[Column, ...]:
    """The business columns of a canonical table (load metadata excluded)."""
    return tuple(c for c in schema_columns(sql_dir)[table] if c.name not in META_COLUMNS)


def accepted_source_targets(sql_dir: Path, table: str) -> set[str]:
    """Canonical column names a profile may map a source column onto for ``table``."""
    names = {c.name for c in data_columns(sql_dir, table)}
    return (names | set(INPUT_ONLY_COLUMNS.get(table, ()))) - {"certno_masked", "certno_hash"}

"""Running the package's named SQL files with bound parameters; transactions and a writing connection."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from fundguard.db.sql_files import bind, sql_text
from fundguard.settings import Settings


def execute_sql(con: duckdb.DuckDBPyConnection, sql_dir: Path, name: str,
                params: dict[str, Any] | None = None) -> duckdb.DuckDBPyConnection:
    """Execute ``sql/<name>.sql`` (one statement) binding only the parameters it uses."""
    text = sql_text(sql_dir, name)
    return con.execute(text, bind(text, params or {}))


def query_dicts(con: duckdb.DuckDBPyConnection, sql_dir: Path, name: str,
                params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Rows of ``sql/<name>.sql`` as dicts keyed by column name."""
    cur = execute_sql(con, sql_dir, name, params)
    columns = [d[0] for d in cur.description]
    return [dict(zip(columns, row, strict=True)) for row in cur.fetchall()]


def inserted_rows(con: duckdb.DuckDBPyConnection, sql_dir: Path, name: str,
                  params: dict[str, Any]) -> int:
    """Run an ``insert … returning`` file; how many rows it actually inserted."""
    return len(execute_sql(con, sql_dir, name, params).fetchall())


def arrow_table(con: duckdb.DuckDBPyConnection, sql_dir: Path, name: str,
                params: dict[str, Any] | None = None) -> Any:
    """The result of ``sql/<name>.sql`` as a pyarrow Table (one copy, via a relation)."""
    text = sql_text(sql_dir, name)
    return con.sql(text, params=bind(text, params or {})).to_arrow_table()


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Commit the block's statements together, or roll all of them back."""
    con.execute("begin transaction")
    try:
        yield
    except BaseException:
        con.execute("rollback")
        raise
    con.execute("commit")


@contextmanager
def writing_connection(settings: Settings, job: str) -> Iterator[duckdb.DuckDBPyConnection]:
    """Writer lock + connection with pending migrations applied (for commands that write)."""
    from fundguard.db.connection import connect, writer_lock
    from fundguard.db.migrate import apply_migrations

    with writer_lock(settings, job), connect(settings) as con:
        apply_migrations(con, settings.sql_dir)
        yield con

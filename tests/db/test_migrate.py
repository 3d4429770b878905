from pathlib import Path

import pytest

from fundguard.db.connection import memory_connection
from fundguard.db.migrate import apply_migrations
from fundguard.errors import ConfigError

REPO = Path(__file__).resolve().parents[2]


def test_migrations_apply_once_and_are_recorded():
    con = memory_connection()
    first = apply_migrations(con, REPO / "sql")
    assert first and first == sorted(first)
    assert apply_migrations(con, REPO / "sql") == []
    (n,) = con.execute("select count(*) from _migrations").fetchone()
    assert n == len(first)


def test_amount_columns_are_exact_decimals(duck):
    rows = duck.execute(
        "select table_name, column_name, data_type from duckdb_columns() where not internal and ("
        "column_name like '%_amt' or column_name like '%_pay' or column_name = 'amount')"
    ).fetchall()
    assert rows
    for table, column, dtype in rows:
        assert dtype.startswith("DECIMAL"), (table, column, dtype)


def test_edited_migration_is_refused(tmp_path):
    schema = tmp_path / "schema"
    schema.mkdir()
    (schema / "0001_a.sql").write_text("create table a (x int);")
    con = memory_connection()
    apply_migrations(con, tmp_path)
    (schema / "0001_a.sql").write_text("create table a (x int, y int);")
    with pytest.raises(ConfigError, match="已应用的迁移被修改"):
        apply_migrations(con, tmp_path)

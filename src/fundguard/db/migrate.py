"""Apply ``sql/schema/NNNN_*.sql`` migrations in order, once each, recorded in ``_migrations``.

Migrations are never edited after they land; a changed checksum is refused.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

import duckdb

from fundguard.errors import ConfigError

log = logging.getLogger(__name__)


def migration_files(sql_dir: Path) -> list[Path]:
    files = sorted((sql_dir / "schema").glob("[0-9][0-9][0-9][0-9]_*.sql"))
    numbers = [f.name[:4] for f in files]
    dupes = {n for n in numbers if numbers.count(n) > 1}
    if dupes:
        raise ConfigError(f"迁移编号重复: {', '.join(sorted(dupes))}", location=sql_dir / "schema")
    return files


def apply_migrations(con: duckdb.DuckDBPyConnection, sql_dir: Path) -> list[str]:
    """Apply pending migrations; returns the names applied."""
    con.execute(
        "create table if not exists _migrations ("
        " name varchar primary key, checksum varchar not null, applied_at timestamp default now())"
    )
    done = dict(con.execute("select name, checksum from _migrations").fetchall())
    applied = []
    for path in migration_files(sql_dir):
        text = path.read_text(encoding="utf-8")
        checksum = hashlib.sha256(text.encode()).hexdigest()
        if path.name in done:
            if done[path.name] != checksum:
                raise ConfigError(
                    f"已应用的迁移被修改: {path.name}", location=path,
                    hint="迁移落地后不得修改，请新增一个迁移文件。",
                )
            continue
        con.execute("begin transaction")
        try:
            con.execute(text)
            con.execute("insert into _migrations (name, checksum) values ($n, $c)",
                        {"n": path.name, "c": checksum})
            con.execute("commit")
        except duckdb.Error as exc:
            con.execute("rollback")
            raise ConfigError(f"迁移失败 {path.name}: {exc}", location=path) from exc
        applied.append(path.name)
        log.info("migration applied name=%s", path.name)
    return applied

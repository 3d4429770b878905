"""Loading SQL text from ``sql/`` by logical name, and checking bound ``$params``.

SQL lives in files; values are always bound (``con.execute(sql, {"name": value})``), never formatted in.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from fundguard.errors import ConfigError

_COMMENT = re.compile(r"--[^\n]*|/\*.*?\*/", re.S)
_STRING = re.compile(r"'(?:[^']|'')*'")
_PARAM = re.compile(r"(?<![\w$])\$([A-Za-z_]\w*)")


def named_parameters(sql: str) -> set[str]:
    """The ``$name`` placeholders used in ``sql`` (comments and string literals stripped)."""
    stripped = _STRING.sub("''", _COMMENT.sub(" ", sql))
    return set(_PARAM.findall(stripped))


@cache
def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def sql_text(sql_dir: Path, name: str) -> str:
    """Text of ``sql/<name>.sql`` (``name`` like ``features/feat_institution_month``)."""
    path = (sql_dir / f"{name}.sql").resolve()
    if not path.is_file() or sql_dir.resolve() not in path.parents:
        raise ConfigError(f"找不到 SQL 文件 {name}.sql", location=sql_dir)
    return _read(path)


def bind(sql: str, params: dict[str, object]) -> dict[str, object]:
    """The subset of ``params`` the statement uses; raises if one it uses is missing."""
    used = named_parameters(sql)
    missing = used - params.keys()
    if missing:
        raise ConfigError(f"SQL 参数缺失: {', '.join(sorted(missing))}")
    return {k: params[k] for k in used}

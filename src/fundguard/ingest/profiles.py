"""Source profiles: YAML files mapping an export's columns and code values onto the canonical model.

A new hospital system is a new ``config/profiles/<id>.yaml``, not code.  The schema is documented in
``config/profiles/README.md``; profiles are tried sorted by id and the first whose ``match`` glob fits
the file's path relative to the inbox wins.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, Field, ValidationError, field_validator

from fundguard.errors import ConfigError, InputDataError
from fundguard.ingest.tables import LOAD_ORDER, accepted_source_targets

Encoding = Literal["auto", "utf-8", "gbk", "gb18030"]
Format = Literal["parquet", "csv", "xlsx", "auto"]


class SourceProfile(BaseModel, extra="forbid"):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    description: str = ""
    target: Literal[LOAD_ORDER]  # type: ignore[valid-type]
    match: list[str] = Field(min_length=1)
    format: Format
    encoding: Encoding = "auto"
    delimiter: str = Field(",", min_length=1, max_length=1)
    sheet: str | int | None = None
    header_rows: Literal["auto"] | int = "auto"
    """``auto`` or the 1-based row number of the header row."""
    columns: dict[str, str] = {}
    values: dict[str, dict[str, str]] = {}
    datetime_formats: dict[str, list[str]] = {}
    rec_version: str | None = None

    @field_validator("values", mode="before")
    @classmethod
    def _string_codes(cls, v: object) -> object:
        # YAML reads `1: "1"` keys as ints; codes are strings.
        if isinstance(v, dict):
            return {str(col): {str(k): str(val) for k, val in (m or {}).items()} for col, m in v.items()}
        return v

    @field_validator("columns", mode="before")
    @classmethod
    def _string_columns(cls, v: object) -> object:
        if isinstance(v, dict):
            return {str(k): str(val) for k, val in v.items()}
        return v

    def file_format(self, path: Path) -> str:
        """The concrete reader format for ``path`` (``auto`` decides by extension)."""
        if self.format != "auto":
            return self.format
        suffix = path.suffix.lower()
        return {".parquet": "parquet", ".csv": "csv", ".txt": "csv", ".xlsx": "xlsx"}.get(suffix, "csv")


def glob_regex(pattern: str) -> re.Pattern[str]:
    """A regex for a relative posix glob: ``**/`` spans folders, ``*`` and ``?`` stay in one."""
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("^" + "".join(out) + "$", re.IGNORECASE)


def _check_targets(profile: SourceProfile, sql_dir: Path, path: Path) -> None:
    allowed = accepted_source_targets(sql_dir, profile.target)
    unknown = sorted(
        {c for c in profile.columns.values() if c not in allowed}
        | {c for c in (*profile.values, *profile.datetime_formats) if c not in allowed}
    )
    if unknown:
        raise ConfigError(
            f"数据源配置 {profile.id} 引用了 {profile.target} 表中不存在的字段: {', '.join(unknown)}",
            location=path, hint="请对照 docs/data_dictionary.md 修正字段名。",
        )


def _read_profile(path: Path, sql_dir: Path) -> SourceProfile:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        profile = SourceProfile.model_validate(raw)
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ConfigError(f"数据源配置文件无法解析: {exc}", location=path) from exc
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise ConfigError(f"数据源配置文件格式错误: {problems}", location=path,
                          hint="配置格式见 config/profiles/README.md。") from exc
    if profile.id != path.stem:
        raise ConfigError(f"数据源配置 id ({profile.id}) 须与文件名一致", location=path)
    _check_targets(profile, sql_dir, path)
    return profile


@cache
def _load(profiles_dir: Path, sql_dir: Path, stamp: tuple[tuple[str, float], ...]) -> tuple[SourceProfile, ...]:
    del stamp  # part of the cache key only: edited files are re-read
    return tuple(_read_profile(p, sql_dir) for p in sorted(profiles_dir.glob("*.yaml")))


def load_profiles(profiles_dir: Path, sql_dir: Path) -> tuple[SourceProfile, ...]:
    """All profiles in ``profiles_dir``, validated, sorted by id."""
    files = sorted(profiles_dir.glob("*.yaml"))
    stamp = tuple((f.name, f.stat().st_mtime) for f in files)
    return _load(profiles_dir.resolve(), sql_dir.resolve(), stamp)


def match_profile(relative_path: str, profiles: tuple[SourceProfile, ...]) -> SourceProfile:
    """The first profile (by id) whose glob matches; raises a clear error if none does."""
    for profile in profiles:
        if any(glob_regex(g).match(relative_path) for g in profile.match):
            return profile
    tried = ", ".join(p.id for p in profiles) or "(无)"
    raise InputDataError(
        f"文件没有匹配的数据源配置; 已尝试: {tried}",
        location=relative_path,
        hint="请在 config/profiles/ 新增一个数据源配置 (格式见 config/profiles/README.md), "
        "或将文件放到已配置的目录下。",
    )

"""Mapping a raw string frame onto a canonical table and casting it to the canonical types.

Vectorised polars expressions only.  A value that is present but cannot be cast exactly (a decimal
with more places than the column keeps, a date in no accepted format, text in a number column) becomes
null and raises the row's ``_badtype__<column>`` flag, which the quality gate turns into a quarantine
reason; nothing is rounded or guessed silently.

Typed sources (Parquet) whose type always fits the canonical type exactly (a decimal with no more
places and integer digits, micro/millisecond timestamps, dates, integers, booleans) are cast directly;
every other source column goes through its text form, so both routes give the same values and flags.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import polars as pl

from fundguard.errors import InputDataError
from fundguard.ingest.profiles import SourceProfile
from fundguard.ingest.tables import Column

DATETIME_FORMATS = (
    "%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S%.f", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M",
    "%Y-%m-%d %H:%M", "%Y%m%d%H%M%S", "%Y-%m-%d", "%Y/%m/%d", "%Y%m%d",
)
TRUE_WORDS = ("1", "true", "t", "y", "yes", "是")
FALSE_WORDS = ("0", "false", "f", "n", "no", "否")
# Personal fields hidden in the raw record kept with a quarantined row.
PERSONAL_FIELDS = frozenset({"psn_name", "staff_name", "certno"})
# ASCII word boundaries: digits next to Chinese text are masked too (and the regex runs ~10x faster).
_ID_LIKE = r"(?-u:\b)(\d{6})\d{8}(\d{3}[\dXx])(?-u:\b)"
_DECIMAL = re.compile(r"DECIMAL\((\d+),\s*(\d+)\)")


@dataclass
class CastFrame:
    """Typed canonical columns + ``_source_row``, ``_rec_version``, ``_raw`` and ``_badtype__*`` flags."""

    frame: pl.DataFrame
    notes: list[tuple[str, str]] = field(default_factory=list)
    """File-level warnings: (field, Chinese reason)."""


def source_to_canonical(columns: list[str], profile: SourceProfile, targets: set[str]) -> dict[str, str]:
    """Source column -> canonical column: the profile's mapping, then identical names."""
    mapping = {s: c for s, c in profile.columns.items() if s in columns}
    mapped = set(mapping.values())
    for name in columns:
        if name in targets and name not in mapping and name not in mapped:
            mapping[name] = name
    return mapping


def _missing_required(cols: tuple[Column, ...], present: set[str], table: str, location: str) -> None:
    missing = [c.name for c in cols if not c.nullable and not c.has_default and c.name not in present]
    if table == "insured":
        missing = [m for m in missing if m not in ("certno_masked", "certno_hash")]
    if missing:
        raise InputDataError(
            f"文件缺少 {table} 表的必需列: {', '.join(missing)}", location=location,
            hint="请检查导出的表头, 或在数据源配置的 columns 中补充列名对应关系。",
        )


def _clean(expr: pl.Expr) -> pl.Expr:
    return expr.cast(pl.String).str.strip_chars().replace("", None)


def _decimal(text: pl.Expr, dtype: str) -> pl.Expr:
    m = _DECIMAL.match(dtype)
    assert m, dtype
    precision, scale = int(m.group(1)), int(m.group(2))
    plain = text.str.replace_all(",", "")
    # "12.3000" fits DECIMAL(18,2); "12.345" does not: trailing zeros are not precision.
    trimmed = plain.str.replace(r"(\.\d*?)0+$", "${1}").str.replace(r"\.$", "")
    ok = trimmed.str.contains(rf"^[+-]?\d{{1,{precision - scale}}}(\.\d{{1,{scale}}})?$")
    return pl.when(ok).then(trimmed).otherwise(None).cast(pl.Decimal(precision, scale), strict=False)


def _temporal(text: pl.Expr, formats: list[str], as_date: bool) -> pl.Expr:
    parsed = pl.coalesce([text.str.strptime(pl.Datetime("us"), f, strict=False) for f in formats])
    return parsed.dt.date() if as_date else parsed


def _typed(text: pl.Expr, col: Column, formats: list[str] | None) -> pl.Expr:
    dtype = col.dtype.upper()
    if dtype.startswith("DECIMAL"):
        return _decimal(text, dtype)
    if dtype in ("INTEGER", "BIGINT", "SMALLINT"):
        ok = text.str.contains(r"^[+-]?\d+(\.0+)?$")
        return pl.when(ok).then(text.str.replace(r"\.0+$", "")).otherwise(None).cast(pl.Int64, strict=False)
    if dtype in ("DATE", "TIMESTAMP"):
        return _temporal(text, formats or list(DATETIME_FORMATS), dtype == "DATE")
    if dtype == "BOOLEAN":
        low = text.str.to_lowercase()
        return pl.when(low.is_in(TRUE_WORDS)).then(True).when(low.is_in(FALSE_WORDS)).then(False)
    return text


_INTEGER_TYPES = (pl.Int8, pl.Int16, pl.Int32, pl.Int64, pl.UInt8, pl.UInt16, pl.UInt32)


def _native(source: pl.Expr, src: pl.DataType, col: Column) -> pl.Expr | None:
    """``source`` cast straight to ``col``'s type when ``src`` always fits exactly, else None."""
    dtype = col.dtype.upper()
    m = _DECIMAL.match(dtype)
    if m and isinstance(src, pl.Decimal):
        precision, scale = int(m.group(1)), int(m.group(2))
        src_scale = src.scale or 0
        if src_scale <= scale and (src.precision or 38) - src_scale <= precision - scale:
            return source.cast(pl.Decimal(precision, scale))
        return None
    if dtype == "TIMESTAMP" and isinstance(src, pl.Datetime) and src.time_zone is None \
            and src.time_unit in ("us", "ms"):
        return source.cast(pl.Datetime("us"))
    if (dtype == "DATE" and src == pl.Date) or (dtype == "BOOLEAN" and src == pl.Boolean):
        return source
    if dtype in ("INTEGER", "BIGINT", "SMALLINT") and isinstance(src, _INTEGER_TYPES):
        return source.cast(pl.Int64)
    return None


def _raw_record(source_cols: list[str], mapping: dict[str, str]) -> pl.Expr:
    fields = []
    for name in source_cols:
        value = pl.col(name).cast(pl.String)
        if mapping.get(name) in PERSONAL_FIELDS:
            value = pl.when(value.is_null()).then(None).otherwise(pl.lit("***"))
        fields.append(value.alias(name))
    return pl.struct(fields).struct.json_encode().str.replace_all(_ID_LIKE, "${1}********${2}").alias("_raw")


PASS_THROUGH = ("_source_row", "_file_idx")


def column_plan(columns: list[str], profile: SourceProfile, cols: tuple[Column, ...], targets: set[str],
                location: str) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """(source -> canonical mapping, file-level notes on unmapped columns) of a file's ``columns``.

    Raises ``InputDataError`` when a required canonical column has no source column."""
    source_cols = [c for c in columns if c not in PASS_THROUGH]
    mapping = source_to_canonical(source_cols, profile, targets)
    _missing_required(cols, set(mapping.values()), profile.target, location)
    notes = [(c, f"源文件中的列 {c} 未在数据源配置中映射, 已忽略") for c in source_cols
             if c not in mapping and c != profile.rec_version]
    return mapping, notes


def raw_records(raw: pl.DataFrame, profile: SourceProfile, targets: set[str]) -> pl.DataFrame:
    """``_source_row`` and ``_raw`` (the record as JSON text, personal fields and ID-like numbers hidden)
    of ``raw``'s records; the same text ``cast_frame`` puts in ``_raw``."""
    source_cols = [c for c in raw.columns if c not in PASS_THROUGH]
    return raw.select("_source_row", _raw_record(source_cols, source_to_canonical(source_cols, profile, targets)))


def cast_frame(raw: pl.DataFrame, profile: SourceProfile, cols: tuple[Column, ...],
               targets: set[str], location: str, *, with_raw: bool = True) -> CastFrame:
    """Map ``raw`` (text, or typed Parquet columns) through ``profile`` onto ``cols`` and cast; see module
    doc.  ``_source_row`` and, when present, ``_file_idx`` (frames of several files) pass through.
    ``with_raw=False`` leaves ``_raw`` out (the loader builds it for quarantined rows only)."""
    source_cols = [c for c in raw.columns if c not in PASS_THROUGH]
    mapping, notes = column_plan(source_cols, profile, cols, targets, location)
    by_target = {t: s for s, t in mapping.items()}
    exprs: list[pl.Expr] = [pl.col(c) for c in PASS_THROUGH if c in raw.columns]
    if with_raw:
        exprs.append(_raw_record(source_cols, mapping))
    flags: list[pl.Expr] = []
    for col in (*cols, *[Column(n, "VARCHAR", True, False, None) for n in targets - {c.name for c in cols}]):
        if col.name not in by_target:
            exprs.append(pl.lit(None, dtype=_polars_type(col)).alias(col.name))
            continue
        typed, flag = _typed_column(raw, by_target[col.name], col, profile)
        exprs.append(typed.alias(col.name))
        flags.append(flag.alias(f"_badtype__{col.name}"))
    exprs.append(_rec_version(profile, source_cols))
    flags.append(_rec_version_flag(profile, source_cols))
    frame = raw.select(*exprs, *flags).with_row_index("_row_id")
    return CastFrame(frame, notes)


def _typed_column(raw: pl.DataFrame, source: str, col: Column,
                  profile: SourceProfile) -> tuple[pl.Expr, pl.Expr]:
    """(typed value, bad-type flag) of canonical ``col`` from the source column ``source``."""
    native = None if col.name in profile.values else _native(pl.col(source), raw.schema[source], col)
    if native is not None:
        return native, pl.col(source).is_not_null() & native.is_null()
    text = _clean(pl.col(source))
    if col.name in profile.values:
        text = text.replace(profile.values[col.name])
    typed = _typed(text, col, profile.datetime_formats.get(col.name))
    return typed, text.is_not_null() & typed.is_null()


def _rec_version(profile: SourceProfile, source_cols: list[str]) -> pl.Expr:
    if profile.rec_version and profile.rec_version in source_cols:
        text = _clean(pl.col(profile.rec_version))
        return pl.when(text.str.contains(r"^\d+$")).then(text).otherwise(None).cast(pl.Int64).fill_null(1) \
            .alias("_rec_version")
    return pl.lit(1, dtype=pl.Int64).alias("_rec_version")


def _rec_version_flag(profile: SourceProfile, source_cols: list[str]) -> pl.Expr:
    if profile.rec_version and profile.rec_version in source_cols:
        text = _clean(pl.col(profile.rec_version))
        return (text.is_not_null() & ~text.str.contains(r"^\d+$").fill_null(False)).alias("_badtype___rec_version")
    return pl.lit(False).alias("_badtype___rec_version")


def _polars_type(col: Column) -> pl.DataType:
    dtype = col.dtype.upper()
    m = _DECIMAL.match(dtype)
    if m:
        return pl.Decimal(int(m.group(1)), int(m.group(2)))
    return {"INTEGER": pl.Int64(), "BIGINT": pl.Int64(), "SMALLINT": pl.Int64(), "DATE": pl.Date(),
            "TIMESTAMP": pl.Datetime("us"), "BOOLEAN": pl.Boolean()}.get(dtype, pl.String())

"""Deterministic file writers: Parquet with exact decimals, XLSX with a fixed creation date, GBK CSV."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

FIXED_CREATED = dt.datetime(2026, 1, 1)


def decimal_array(units: np.ndarray, scale: int) -> pa.Array:
    """Integer minor units (e.g. fen) as an exact DECIMAL(18, scale) array, no float on the way."""
    values = np.ascontiguousarray(units, dtype=np.int64)
    words = np.empty((values.size, 2), dtype=np.int64)
    words[:, 0], words[:, 1] = values, values >> 63
    return pa.Array.from_buffers(pa.decimal128(18, scale), values.size, [None, pa.py_buffer(words.tobytes())])


def to_arrow(frame: pl.DataFrame, decimals: dict[str, tuple[str, int]]) -> pa.Table:
    """Arrow table where each ``decimals`` target column comes from an integer source column.

    decimals: target -> (integer source column, decimal scale); the source columns are dropped.
    """
    # string_view columns: no copy into large_string, same Parquet bytes
    table = frame.drop([src for src, _ in decimals.values()]).to_arrow(compat_level=pl.CompatLevel.newest())
    columns, names = [], []
    for name in frame.columns:
        target = next((t for t, (src, _) in decimals.items() if src == name), None)
        if target is None:
            columns.append(table.column(name))
            names.append(name)
        else:
            src, scale = decimals[target]
            columns.append(decimal_array(frame[src].to_numpy(), scale))
            names.append(target)
    return pa.table(columns, names=names)


PARQUET_ZSTD_LEVEL = 3          # vs level 1: ~2% smaller day files for ~25% more compression time
PARQUET_ROW_GROUP = 131_072     # a full-scale day of fee lines is 2-3 row groups (parallel scans)


def write_parquet(table: pa.Table, path: Path, dictionary: list[str] | None = None) -> None:
    """Deterministic zstd Parquet.  ``dictionary``: the low-cardinality columns to dictionary-encode
    (codes, flags, prices); ids and times are written plain, which is both smaller and faster to
    write than a dictionary that overflows.  None = every column (small files)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    use_dictionary: bool | list[str] = True if dictionary is None else [c for c in dictionary if c in table.column_names]
    pq.write_table(table, path, compression="zstd", compression_level=PARQUET_ZSTD_LEVEL, store_schema=False,
                   use_dictionary=use_dictionary, row_group_size=PARQUET_ROW_GROUP)


class BackgroundWriter:
    """Writes files on one worker thread while the next day is generated (pyarrow's Parquet writer
    and polars release the GIL, so both cores work).  At most ``depth`` jobs wait, which bounds the
    memory held by finished days; the first error is raised at the next submit or at close."""

    def __init__(self, depth: int = 4):
        from concurrent.futures import ThreadPoolExecutor

        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="synth-writer")
        self._pending: list = []
        self._depth = depth

    def submit(self, fn, *args) -> None:
        self._pending.append(self._pool.submit(fn, *args))
        while len(self._pending) > self._depth:
            self._pending.pop(0).result()

    def close(self) -> None:
        try:
            while self._pending:
                self._pending.pop(0).result()
        finally:
            self._pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> BackgroundWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def write_xlsx(frame: pl.DataFrame, path: Path, sheet: str, title: str | None = None) -> None:
    """Chinese-header sheet; an optional merged title row above the header, as real exports have."""
    import xlsxwriter

    path.parent.mkdir(parents=True, exist_ok=True)
    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    book.set_properties({"created": FIXED_CREATED, "author": "fundguard synth"})
    sheet_obj = book.add_worksheet(sheet)
    first = 0
    if title:
        sheet_obj.merge_range(0, 0, 0, max(1, frame.width - 1), title)
        first = 1
    sheet_obj.write_row(first, 0, frame.columns)
    for r, row in enumerate(frame.iter_rows(), start=first + 1):
        sheet_obj.write_row(r, 0, ["" if v is None else str(v) for v in row])
    book.close()


def write_csv(frame: pl.DataFrame, path: Path, encoding: str = "gbk") -> None:
    """CSV with CRLF-free newlines; GBK as the 人社/HIS exports are (unencodable chars replaced)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = frame.write_csv(datetime_format="%Y-%m-%d %H:%M:%S", date_format="%Y-%m-%d")
    path.write_bytes(text.encode(encoding, errors="replace"))


def fen_text(col: str) -> pl.Expr:
    """Integer fen as exact yuan text ``123.45`` (no float)."""
    fen = pl.col(col)
    sign = pl.when(fen < 0).then(pl.lit("-")).otherwise(pl.lit(""))
    absolute = fen.abs()
    return pl.concat_str(sign, (absolute // 100).cast(pl.String), pl.lit("."),
                         (absolute % 100).cast(pl.String).str.zfill(2)).alias(col)


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()

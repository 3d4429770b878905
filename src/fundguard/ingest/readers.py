"""Readers: one source file -> a frame of strings with the row number a person sees in the file.

Row-number convention (``_source_row``): the header row is the row it occupies in the file (row 1 when
there is no title above it) and data rows follow, exactly as a spreadsheet numbers them; blank lines
count.  Parquet has no header row: its records are numbered from 1 (the 1-based record index, what a
Parquet viewer shows).  CSV records whose field count differs from the header are returned
separately (``bad_rows``) with their line number, for quarantine.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import polars as pl

from fundguard.errors import InputDataError
from fundguard.ingest.encoding import decode_text
from fundguard.ingest.profiles import SourceProfile

HEADER_SCAN_ROWS = 30


@dataclass
class RawTable:
    """A source file read as strings; ``frame`` has the source columns plus ``_source_row``."""

    frame: pl.DataFrame
    encoding: str | None
    header_row: int
    bad_rows: list[tuple[int, str, str]] = field(default_factory=list)
    """(row number, Chinese reason, raw text) of records that could not be split into fields."""


def header_index(rows: list[list[str]], known: set[str], fixed: int | str) -> int:
    """0-based index of the header among ``rows`` (title rows above it are skipped).

    The header is the row naming most known columns; without any known name, the first row with as
    many filled cells as the widest row (merged title rows have one filled cell).
    """
    if isinstance(fixed, int):
        return fixed - 1
    filled = [sum(1 for c in r if c and str(c).strip()) for r in rows]
    hits = [sum(1 for c in r if c and str(c).strip() in known) for r in rows]
    if rows and max(hits) > 0:
        return hits.index(max(hits))
    if not rows or max(filled) == 0:
        return 0
    return filled.index(max(filled))


def read_source(path: Path, profile: SourceProfile, known: set[str], *, keep_types: bool = False) -> RawTable:
    """Read ``path`` with the reader ``profile`` asks for; ``known`` = expected header names.

    ``keep_types``: Parquet columns keep their types (``cast_frame`` casts them directly when they fit,
    through their text otherwise); by default every column is text.
    """
    fmt = profile.file_format(path)
    if path.stat().st_size == 0:
        raise InputDataError("文件为空 (0 字节)", location=path, hint="请确认导出是否完成后重新投递。")
    if fmt == "parquet":
        return _read_parquet(path, keep_types)
    if fmt == "xlsx":
        return _read_xlsx(path, profile, known)
    return _read_csv(path, profile, known)


def _as_strings(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.select(pl.all().cast(pl.String))


def _read_parquet(path: Path, keep_types: bool) -> RawTable:
    try:
        frame = pl.read_parquet(path)
    except Exception as exc:  # polars raises several kinds for damaged files
        raise InputDataError(
            f"Parquet 文件损坏或不完整, 无法读取 ({type(exc).__name__})", location=path,
            hint="请重新导出或重新传输该文件。",
        ) from exc
    frame = (frame if keep_types else _as_strings(frame)).with_columns(
        (pl.int_range(pl.len(), dtype=pl.Int64) + 1).alias("_source_row"))
    return RawTable(frame, None, 0)


def _unique_names(names: list[str]) -> list[str]:
    out: list[str] = []
    for i, name in enumerate(names):
        name = (name or "").strip() or f"_unnamed_{i + 1}"
        out.append(name if name not in out else f"{name}_{i + 1}")
    return out


def _line_numbers(data: bytes) -> np.ndarray:
    """1-based physical line numbers of the non-empty lines of ``data``."""
    arr = np.frombuffer(data, dtype=np.uint8)
    newlines = np.flatnonzero(arr == 10)
    starts = np.concatenate(([0], newlines + 1))
    ends = np.concatenate((newlines, [len(arr)]))
    cr = np.zeros(len(ends), dtype=bool)
    has_char = ends > starts
    cr[has_char] = arr[ends[has_char] - 1] == 13
    return np.flatnonzero((ends - starts - cr) > 0) + 1


def _read_csv(path: Path, profile: SourceProfile, known: set[str]) -> RawTable:
    text, encoding = decode_text(path.read_bytes(), profile.encoding, str(path))
    if not text.strip():
        raise InputDataError("文件为空 (没有表头和数据)", location=path, hint="请确认导出是否完成后重新投递。")
    head = text.split("\n", HEADER_SCAN_ROWS)[:HEADER_SCAN_ROWS]
    rows = list(csv.reader(head, delimiter=profile.delimiter))
    hidx = header_index(rows, known, profile.header_rows)
    names = _unique_names(rows[hidx] if hidx < len(rows) else [])
    data = text.encode("utf-8")
    frame, bad = _csv_records(data, names, hidx, profile.delimiter, path)
    return RawTable(frame, encoding, hidx + 1, bad)


def _csv_records(data: bytes, names: list[str], hidx: int, delimiter: str, path: Path):
    import pyarrow as pa
    import pyarrow.csv as pacsv

    invalid: list[tuple[int, int, str]] = []

    def on_invalid(row: pacsv.InvalidRow) -> str:  # called only for malformed records
        invalid.append((row.number or 0, row.actual_columns, row.text or ""))
        return "skip"

    try:
        table = pacsv.read_csv(
            io.BytesIO(data),
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=hidx + 1, use_threads=False),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, invalid_row_handler=on_invalid,
                                             newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in names},
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False),
        )
    except (pa.ArrowInvalid, ValueError) as exc:
        raise InputDataError(f"CSV 文件格式错误, 无法解析: {str(exc)[:200]}", location=path,
                             hint="请检查引号是否配对、文件是否被截断, 然后重新导出。") from exc
    return _number_records(table, data, hidx, invalid, len(names))


def _number_records(table, data: bytes, hidx: int, invalid: list[tuple[int, int, str]], width: int):
    # pyarrow numbers a malformed record as (rows skipped above the data) + its ordinal among the
    # non-empty lines after them; map both kinds of record back to physical line numbers.
    skipped = hidx + 1
    after = _line_numbers(data)
    after = after[after > skipped]
    bad_k = {n - skipped for n, _, _ in invalid}
    keep = ~np.isin(np.arange(1, len(after) + 1), list(bad_k))
    numbers = after[keep]
    if len(numbers) != table.num_rows:  # quoted values spanning lines: number records instead
        numbers = np.arange(table.num_rows) + skipped + 1
    frame = pl.from_arrow(table).with_columns(pl.Series("_source_row", numbers, dtype=pl.Int64))
    bad = []
    for number, actual, raw in invalid:
        k = number - skipped
        row = int(after[k - 1]) if 0 < k <= len(after) else 0
        kind = "少于" if actual < width else "多于"
        bad.append((row, f"字段数 ({actual}) {kind}表头字段数 ({width}), 记录可能被截断或分隔符错误", raw))
    return frame, bad


def _first_filled_row(path: Path, sheet: str | int) -> int:
    """1-based row number of the first non-empty row (the reader's frame starts there)."""
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        ws = wb[sheet] if isinstance(sheet, str) else wb.worksheets[sheet]
        for i, row in enumerate(ws.iter_rows(max_row=200, values_only=True), start=1):
            if any(v is not None and str(v).strip() for v in row):
                return i
        return 1
    finally:
        wb.close()


def _read_xlsx(path: Path, profile: SourceProfile, known: set[str]) -> RawTable:
    import fastexcel

    sheet = profile.sheet if profile.sheet is not None else 0
    try:
        reader = fastexcel.read_excel(path)
        raw = reader.load_sheet(sheet, header_row=None, dtypes="string").to_polars()
        offset = _first_filled_row(path, sheet)
    except Exception as exc:  # damaged zip, missing sheet, not an xlsx
        raise InputDataError(f"Excel 文件无法读取 ({type(exc).__name__}): {str(exc)[:160]}", location=path,
                             hint="请确认文件为完整的 .xlsx 且工作表名称与配置一致。") from exc
    head = [list(r) for r in raw.head(HEADER_SCAN_ROWS).rows()]
    fixed = profile.header_rows if isinstance(profile.header_rows, str) else profile.header_rows - offset + 1
    hidx = header_index(head, known, fixed)
    names = _unique_names([str(c) if c is not None else "" for c in (head[hidx] if head else [])])
    frame = raw.slice(hidx + 1).rename(dict(zip(raw.columns, names, strict=True)))
    frame = frame.with_columns(
        (pl.int_range(pl.len(), dtype=pl.Int64) + offset + hidx + 1).alias("_source_row"))
    # Fully empty spreadsheet rows are formatting, not records.
    frame = frame.filter(~pl.all_horizontal([pl.col(n).is_null() for n in names]))
    return RawTable(frame, None, offset + hidx)

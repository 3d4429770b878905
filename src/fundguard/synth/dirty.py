"""Dirty records real exports contain, each one labelled in labels/data_errors.parquet.

``source_row`` is the row as a person sees it: CSV/XLSX header = row 1 (first data row = 2), Parquet =
1-based record index.  Labelled (scheme) rows are never made dirty, so labels stay measurable.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from fundguard.synth.params import RunParams


class DirtyLog:
    """Seeded chooser of dirty rows and the list of data errors written."""

    def __init__(self, params: RunParams):
        self.share = params.city.dirty_share
        self.seed = params.seed
        self.rng = np.random.default_rng([params.seed, 9])
        self.rows: list[tuple[str, int, str, str]] = []

    def start_day(self, day_no: int) -> None:
        """Each day's dirty rows come from the day's own stream (days may be generated apart)."""
        self.rng = np.random.default_rng([self.seed, 9, day_no])

    def pick(self, candidates: np.ndarray) -> np.ndarray:
        """Positions chosen to become dirty (a Binomial share of the candidates)."""
        if self.share <= 0 or candidates.size == 0:
            return candidates[:0]
        # At most 3% of a file, so a small file stays under the quality gate's blocking share.
        k = min(int(self.rng.binomial(candidates.size, self.share)), int(candidates.size * 0.03))
        return np.sort(self.rng.choice(candidates, size=k, replace=False))

    def add(self, file: str, rows: np.ndarray, offset: int, field: str, kind: str) -> None:
        self.rows.extend((file, int(r) + offset, field, kind) for r in rows)

    def frame(self) -> pl.DataFrame:
        return pl.DataFrame(self.rows, schema={"file": pl.String, "source_row": pl.Int64, "field": pl.String,
                                               "error_kind": pl.String}, orient="row").sort("file", "source_row")


def _set(frame: pl.DataFrame, column: str, rows: np.ndarray, values: pl.Series | list) -> pl.DataFrame:
    """``column`` with ``values`` at positions ``rows`` (a vectorised scatter, no Python row loop)."""
    if rows.size == 0:
        return frame
    dtype = frame.schema[column]
    series = frame[column].clone().scatter(rows, pl.Series(column, list(values), dtype=dtype))
    return frame.with_columns(series)


def dirty_insured(insured: pl.DataFrame, log: DirtyLog) -> pl.DataFrame:
    """Extra records appended to the 人社 export (people who never visit, so no claim depends on them):
    broken ID check digits, a missing sex and GBK mojibake in names (CSV rows: header = row 1)."""
    file = "reference/insured.csv"
    templates = log.pick(np.arange(insured.height))
    extra = insured[templates.tolist()].with_columns(
        pl.concat_str(pl.lit("9"), pl.col("个人编号").str.slice(1)).alias("个人编号"))
    rows = np.arange(extra.height)
    kinds = rows % 3
    bad_id, missing, moji = rows[kinds == 0], rows[kinds == 1], rows[kinds == 2]
    ids = extra["公民身份号码"].to_numpy()[bad_id]
    extra = _set(extra, "公民身份号码", bad_id, [v[:-1] + ("0" if v[-1] != "0" else "1") for v in ids])
    extra = _set(extra, "性别", missing, [None] * missing.size)
    names = extra["姓名"].to_numpy()[moji]
    extra = _set(extra, "姓名", moji, [n.encode("utf-8").decode("gbk", errors="replace") for n in names])
    first = insured.height + 2
    log.add(file, bad_id, first, "certno", "invalid_id_checksum")
    log.add(file, missing, first, "gend", "missing_field")
    log.add(file, moji, first, "psn_name", "mojibake")
    return pl.concat([insured, extra])


def _clean_candidates(lines: pl.DataFrame) -> np.ndarray:
    """Rows of settlements that carry no label of any kind."""
    labelled = lines.filter(pl.col("scheme").is_not_null())["setl_id"].unique()
    return np.flatnonzero(~lines["setl_id"].is_in(labelled.implode()).to_numpy())


def dirty_fee_lines(lines: pl.DataFrame, day: dt.date, log: DirtyLog) -> pl.DataFrame:
    """Parquet fee lines: a typo in the item code, or a missing fee time (1-based record index)."""
    file = f"fee_line/date={day.isoformat()}/part-0.parquet"
    rows = log.pick(_clean_candidates(lines))
    typo, missing = rows[::2], rows[1::2]
    codes = lines["med_list_codg"].to_numpy()[typo]
    lines = _set(lines, "med_list_codg", typo, [c[:-2] + c[-1] + c[-2] + "9" for c in codes])
    lines = _set(lines, "fee_ocur_time", missing, [None] * missing.size)
    log.add(file, typo, 1, "med_list_codg", "code_typo")
    log.add(file, missing, 1, "fee_ocur_time", "missing_field")
    return lines.drop("scheme")


def dirty_his_lines(vendor: pl.DataFrame, rel: str, lines: pl.DataFrame, log: DirtyLog) -> pl.DataFrame:
    """Vendor CSV lines: a non-numeric amount, or a missing person number (header = row 1)."""
    rows = log.pick(_clean_candidates(lines))
    text, missing = rows[::2], rows[1::2]
    amounts = vendor["金额"].to_numpy()[text]
    vendor = _set(vendor, "金额", text, [a.replace("0", "O", 1) if "0" in a else a + "元" for a in amounts])
    vendor = _set(vendor, "个人编号", missing, [None] * missing.size)
    log.add(rel, text, 2, "det_item_fee_sumamt", "non_numeric_amount")
    log.add(rel, missing, 2, "psn_no", "missing_field")
    return vendor

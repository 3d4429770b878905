"""Helpers of the incremental = full and crash-safety tests: a throw-away project, inbox portions of
the committed sample city, a correction file, and the comparison of output snapshots.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import polars as pl

from fundguard.synth.deliver import WHOLE_FILES, file_day
from fundguard.synth.deliver import deliver_until as deliver

REPO = Path(__file__).resolve().parents[2]
CITY = REPO / "data_samples" / "city"
CUTS = (date(2026, 1, 31), date(2026, 3, 15), date(2026, 3, 31))
"""Nightly delivery cut-offs: a month end, mid-month (March is scored while partial), the end.  The
last night also delivers a correction of a January settlement."""
FULL_RANGE = (date(2026, 1, 1), date(2026, 3, 31))


def make_project(root: Path, source: Path = REPO, models_from: Path | None = None, *,
                 dossiers: bool = False) -> Path:
    """A project dir with copies of ``source``'s sql/, rules/ and config/ (pass one frozen copy of
    the checkout to every project of a session: others may edit the checkout meanwhile) and its own
    models/ (artifacts land here, never in the checkout: without ``models_from`` the first run
    trains the forest on the data; ``models_from`` copies trained artifacts so every run scores
    with the same forest).  Without ``dossiers`` no PDF dossiers (seconds each, never compared)."""
    root.mkdir(parents=True)
    for name in ("sql", "rules", "config"):
        shutil.copytree(source / name, root / name)
    if not dossiers:
        reports = root / "config" / "reports.yaml"
        reports.write_text(reports.read_text(encoding="utf-8").replace("dossiers: 5", "dossiers: 0"),
                           encoding="utf-8")
    shutil.copytree(models_from or source / "models", root / "models",
                    ignore=None if models_from else shutil.ignore_patterns("artifacts"))
    return root


def freeze_checkout(target: Path) -> Path:
    """Copy the checkout's sql/, rules/, config/, models/ (without artifacts) and the sample city
    (as ``city/``) once: nightly deliveries come from this copy."""
    for name in ("sql", "rules", "config", "models"):
        shutil.copytree(REPO / name, target / name, ignore=shutil.ignore_patterns("artifacts"))
    shutil.copytree(CITY, target / "city", ignore=shutil.ignore_patterns("labels"))
    return target


def deliver_until(inbox: Path, cut: date, city: Path = CITY, whole: tuple[str, ...] = WHOLE_FILES) -> int:
    """``fundguard.synth.deliver.deliver_until`` with the committed sample city as default."""
    return deliver(inbox, cut, city, whole)


@dataclass(frozen=True)
class Correction:
    """A corrected settlement (same setl_id, _rec_version 2) delivered in its own file."""

    setl_id: str
    settle_date: date
    folder: Path
    """Inbox-shaped folder holding only the correction file."""
    relative: Path
    """The file's path inside an inbox."""


def late_upload_correction(out: Path, month_end: date, city: Path = CITY) -> Correction:
    """Correct the first parquet settlement of January uploaded more than a day late: its upload time
    becomes one hour after settlement (the late_upload finding on it must be withdrawn)."""
    for part in sorted((city / "settlement").iterdir()):
        if file_day(part) > month_end:
            break
        frame = pl.read_parquet(part / "part-0.parquet")
        late = frame.filter((pl.col("upload_time") - pl.col("setl_time")) > timedelta(days=1))
        if late.height:
            row = late.sort("setl_id").head(1).with_columns(
                upload_time=pl.col("setl_time") + timedelta(hours=1),
                _rec_version=pl.lit(2, dtype=pl.Int64),
            )
            relative = Path("settlement") / part.name / "correction-1.parquet"
            (out / relative).parent.mkdir(parents=True)
            row.write_parquet(out / relative)
            settled: datetime = row["setl_time"][0]
            return Correction(row["setl_id"][0], settled.date(), out, relative)
    raise AssertionError("the sample city has no late upload in January")


def copy_database(source: Path, var_dir: Path) -> Path:
    """Copy a closed DuckDB file (and its WAL, if any) into ``var_dir`` as the project database."""
    var_dir.mkdir(parents=True, exist_ok=True)
    target = var_dir / "fundguard.duckdb"
    shutil.copy(source, target)
    wal = source.with_suffix(source.suffix + ".wal")
    if wal.exists():
        shutil.copy(wal, target.with_suffix(target.suffix + ".wal"))
    return target


def rows_by_key(rows: list[tuple[Any, ...]], n_key: int) -> dict[tuple[Any, ...], tuple[Any, ...]]:
    return {row[:n_key]: row for row in rows}


def differences(left: list[tuple[Any, ...]], right: list[tuple[Any, ...]], limit: int = 6) -> str:
    """The first rows only in one side, for assertion messages."""
    only_left = sorted(set(left) - set(right), key=repr)[:limit]
    only_right = sorted(set(right) - set(left), key=repr)[:limit]
    return f"only in full: {only_left}\nonly in nightly: {only_right}"


def snapshot(settings: Any) -> dict[str, list[tuple[Any, ...]]]:
    """The run-independent outputs of the project database (fundguard.ops.snapshot)."""
    from fundguard.db.connection import connect
    from fundguard.ops.snapshot import outputs_snapshot

    with connect(settings, read_only=True) as con:
        return outputs_snapshot(con, settings)


def data_fingerprint(settings: Any) -> list[tuple[Any, ...]]:
    """Row counts and order-independent hashes of the loaded transactions (current rows)."""
    from fundguard.db.connection import connect

    with connect(settings, read_only=True) as con:
        return con.execute("""
            select 'settlement', count(*), sum(hash(setl_id, setl_time, upload_time, medfee_sumamt,
                                                   _rec_version)) from settlement
            union all
            select 'fee_line', count(*), sum(hash(setl_id, feedetl_sn, det_item_fee_sumamt)) from fee_line
            union all
            select 'inventory_movement', count(*), sum(hash(mov_id, cnt)) from inventory_movement
            order by 1
        """).fetchall()

"""Finding the inbox's files, and the per-file pieces of staging (``fundguard.ingest.stager``).

A file that cannot be used (no profile, unreadable, wrong encoding, required column missing) is not an
exception for the batch: it is recorded as a file-level quarantine entry with a Chinese reason and the
batch goes on without it (it is not put in the manifest, so a fixed re-delivery is picked up).
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

import duckdb
import polars as pl

from fundguard.ingest import staging
from fundguard.ingest.ids import certno_valid, mask_certno
from fundguard.ingest.names import name_ok
from fundguard.ingest.profiles import SourceProfile
from fundguard.ingest.readers import RawTable
from fundguard.ingest.report import FileReport

log = logging.getLogger(__name__)

SKIP_NAMES = frozenset({"MANIFEST.json", "RUN_DATE"})
SKIP_DIRS = frozenset({"labels"})


def is_skipped(rel: Path) -> bool:
    """Ground truth, documentation and housekeeping files are never ingested."""
    return (
        rel.parts[0] in SKIP_DIRS
        or rel.name in SKIP_NAMES
        or rel.suffix.lower() == ".md"
        or any(p.startswith(".") for p in rel.parts)
        or rel.name.startswith("~$")  # Excel lock files
    )


def single_file_rel(path: Path, profiles: tuple[SourceProfile, ...]) -> str:
    """The relative path a single file is matched under: the shortest tail of its path matched by a
    folder-anchored glob (``reference/insured.csv``), else by any glob, else its name."""
    from fundguard.ingest.profiles import glob_regex

    globs = [g for p in profiles for g in p.match]
    tails = ["/".join(path.parts[-k:]) for k in range(1, len(path.parts))]
    for anchored_only in (True, False):
        for tail in tails:
            if any(glob_regex(g).match(tail) for g in globs if not (anchored_only and g.startswith("**"))):
                return tail
    return path.name


def discover_files(inbox: Path, profiles: tuple[SourceProfile, ...] = ()) -> list[tuple[Path, str]]:
    """(path, posix path relative to the inbox) of every file to consider, sorted."""
    if inbox.is_file():
        return [(inbox, single_file_rel(inbox, profiles))]
    out = []
    for path in sorted(inbox.rglob("*")):
        rel = path.relative_to(inbox)
        if path.is_file() and not is_skipped(rel):
            out.append((path, rel.as_posix()))
    return out


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def file_error(con: duckdb.DuckDBPyConnection, report: FileReport, check: str, message: str) -> None:
    """Record an unusable file: status ``error`` and one file-level quarantine entry."""
    report.status, report.message = "error", message
    staging.add_quarantine(con, pl.DataFrame({
        "_file_idx": [report.idx], "source_row": pl.Series([None], dtype=pl.Int64), "field": [None],
        "check_name": [check], "severity": ["blocking"], "reason_zh": [message], "raw_record": [None],
    }, schema_overrides={"field": pl.String, "raw_record": pl.String}))


def register_file(con: duckdb.DuckDBPyConnection, r: FileReport) -> None:
    """The file's row in the batch's ``stage_files``."""
    con.execute("insert into stage_files values ($i, $p, $h, $t, $pr, $e)",
                {"i": r.idx, "p": r.rel_path, "h": r.file_hash, "t": r.target, "pr": r.profile,
                 "e": r.encoding})


def row_findings(report: FileReport, raw: RawTable, notes: list[tuple[str, str]]) -> pl.DataFrame:
    """Quarantine rows for the records the reader could not split and for unmapped columns."""
    bad = [(row, None, "file.row_shape", "blocking", reason, text) for row, reason, text in raw.bad_rows]
    extra = [(None, col, "file.unmapped_column", "warning", reason, None) for col, reason in notes]
    rows = bad + extra
    return pl.DataFrame(
        {"_file_idx": [report.idx] * len(rows), "source_row": [r[0] for r in rows],
         "field": [r[1] for r in rows], "check_name": [r[2] for r in rows], "severity": [r[3] for r in rows],
         "reason_zh": [r[4] for r in rows], "raw_record": [r[5] for r in rows]},
        schema={"_file_idx": pl.Int32, "source_row": pl.Int64, "field": pl.String, "check_name": pl.String,
                "severity": pl.String, "reason_zh": pl.String, "raw_record": pl.String},
    )


NAME_COLUMNS = {"insured": "psn_name", "staff": "staff_name"}


def with_name_check(frame: pl.DataFrame, table: str) -> pl.DataFrame:
    column = NAME_COLUMNS.get(table)
    return frame.with_columns(name_ok(frame[column]).alias("_chk_name_ok")) if column else frame


def with_ids(frame: pl.DataFrame) -> pl.DataFrame:
    """Insured: checksum flag and masked form; the number itself is hashed and dropped in DuckDB."""
    certno = pl.col("certno")
    return frame.with_columns(
        (certno.is_null() | certno_valid(certno)).alias("_certno_ok"),
        pl.when(certno.is_null()).then(pl.col("certno_masked")).otherwise(mask_certno(certno))
        .alias("certno_masked"),
    )

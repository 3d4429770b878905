"""Staging the files of a batch, many files at a time.

Each file is hashed, checked against the manifest, matched to a profile, read and checked for its
required columns on its own (so a bad file is a file-level quarantine entry and the batch goes on
without it).  Files of the same profile and column layout are then cast and inserted together, up to
``FLUSH_ROWS`` rows at a time: casting and the DuckDB insert have a fixed cost per call that dominated
batches of many small files (a nightly inbox holds hundreds of small HIS exports).  Row numbers,
file indexes and per-file counts are exactly those of staging file by file.

The raw record kept with a quarantined row (``raw_record``: the source record as JSON text, personal
fields hidden) is built only for the rows that end up in quarantine, by reading their file again once
the gate and the duplicate check are done (``fill_raw_records``): building it for every staged row
cost more than the rest of the cast and held gigabytes of text in the stage tables of a city-year.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import polars as pl

from fundguard.errors import InputDataError
from fundguard.ingest import staging
from fundguard.ingest.casting import cast_frame, column_plan, raw_records
from fundguard.ingest.files import (
    file_error,
    file_sha256,
    register_file,
    row_findings,
    with_ids,
    with_name_check,
)
from fundguard.ingest.profiles import SourceProfile, match_profile
from fundguard.ingest.readers import RawTable, read_source
from fundguard.ingest.report import FileReport
from fundguard.ingest.tables import accepted_source_targets, data_columns

log = logging.getLogger(__name__)

FLUSH_ROWS = 500_000
"""Rows of one profile and layout held before they are cast and staged together."""


@dataclass
class _Group:
    profile: SourceProfile
    files: list[tuple[FileReport, pl.DataFrame]] = field(default_factory=list)
    rows: int = 0


class Stager:
    """Stages a batch's files into the ``stage_<table>`` temp tables; call ``flush`` after the last."""

    def __init__(self, con: duckdb.DuckDBPyConnection, sql_dir: Path, profiles: tuple[SourceProfile, ...],
                 loaded_hashes: set[str], flush_rows: int = FLUSH_ROWS):
        self.con, self.sql_dir, self.profiles = con, sql_dir, profiles
        self.loaded_hashes, self.flush_rows = loaded_hashes, flush_rows
        self.groups: dict[tuple[object, ...], _Group] = {}
        self.sources: dict[int, tuple[FileReport, Path, SourceProfile]] = {}

    def add(self, report: FileReport, path: Path) -> None:
        """Hash, match, read and check one file; fills ``report`` once its group is staged."""
        report.file_hash = file_sha256(path)
        if report.file_hash in self.loaded_hashes:
            report.status = "already_loaded"
            register_file(self.con, report)
            return
        self.loaded_hashes.add(report.file_hash)
        try:
            profile = match_profile(report.rel_path, self.profiles)
            report.profile, report.target = profile.id, profile.target
            raw = self._read(report, path, profile)
        except InputDataError as exc:
            register_file(self.con, report)
            file_error(self.con, report, "file.no_profile" if report.profile is None else "file.unreadable",
                       exc.message + (f"; {exc.hint}" if exc.hint else ""))
            log.info("ingest file error file=%s kind=%s", report.rel_path, type(exc).__name__)
            return
        register_file(self.con, report)
        self.sources[report.idx] = (report, path, profile)
        key = (profile.id, tuple(raw.schema.items()))
        group = self.groups.setdefault(key, _Group(profile))
        group.files.append((report, raw.with_columns(pl.lit(report.idx, dtype=pl.Int32).alias("_file_idx"))))
        group.rows += raw.height
        if group.rows >= self.flush_rows:
            self._stage(self.groups.pop(key))

    def flush(self) -> None:
        """Stage every file still held."""
        for key in list(self.groups):
            self._stage(self.groups.pop(key))

    def _read(self, report: FileReport, path: Path, profile: SourceProfile) -> pl.DataFrame:
        """The file's raw frame; its unusable records and unmapped columns are quarantined now."""
        raw = self._read_source(path, profile)
        report.encoding = raw.encoding
        notes = column_plan(raw.frame.columns, profile, data_columns(self.sql_dir, profile.target),
                            accepted_source_targets(self.sql_dir, profile.target), report.rel_path)[1]
        report.bad_rows = len(raw.bad_rows)
        staging.add_quarantine(self.con, row_findings(report, raw, notes))
        return raw.frame

    def _stage(self, group: _Group) -> None:
        profile = group.profile
        raw = pl.concat([frame for _, frame in group.files], how="vertical", rechunk=False)
        targets = accepted_source_targets(self.sql_dir, profile.target)
        cast = cast_frame(raw, profile, data_columns(self.sql_dir, profile.target), targets,
                          group.files[0][0].rel_path, with_raw=False)
        frame = with_ids(cast.frame) if profile.target == "insured" else cast.frame
        staged = staging.stage_rows(self.con, profile.target, with_name_check(frame, profile.target))
        for report, _ in group.files:
            report.rows_read = staged.get(report.idx, 0) + report.bad_rows
            report.rows_quarantined = report.bad_rows
            report.status = "loaded"

    def fill_raw_records(self) -> None:
        """Set ``raw_record`` of the batch's quarantined rows from their source files (read again).

        A file whose content changed since it was staged keeps its findings without raw records."""
        wanted = self.con.execute(
            "select _file_idx, list(distinct source_row) from stage_quarantine"
            " where raw_record is null and source_row is not null group by 1 order by 1").fetchall()
        for idx, rows in wanted:
            report, path, profile = self.sources[int(idx)]
            if file_sha256(path) != report.file_hash:
                log.warning("ingest file changed during the batch file=%s: raw records left out",
                            report.rel_path)
                continue
            frame = self._read_source(path, profile).frame.filter(pl.col("_source_row").is_in(rows))
            found = raw_records(frame, profile, accepted_source_targets(self.sql_dir, profile.target))
            self.con.register("_raw_found", found.with_columns(pl.lit(int(idx), dtype=pl.Int32).alias("_file_idx")))
            try:
                self.con.execute(
                    "update stage_quarantine as q set raw_record = r._raw from _raw_found as r"
                    " where q._file_idx = r._file_idx and q.source_row = r._source_row and q.raw_record is null")
            finally:
                self.con.unregister("_raw_found")

    def _read_source(self, path: Path, profile: SourceProfile) -> RawTable:
        targets = accepted_source_targets(self.sql_dir, profile.target)
        known = set(profile.columns) | targets | ({profile.rec_version} if profile.rec_version else set())
        return read_source(path, profile, known, keep_types=True)

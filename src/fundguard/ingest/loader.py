"""Ingesting an inbox as one batch: stage every new file, run the quality gate, load in one transaction.

1. Stage: each file not yet in ``ingest_manifest`` (by SHA-256) is matched to a profile, read, cast and
   put in the batch's temp staging tables (nothing persistent yet); files of one profile and layout are
   cast and inserted together (``fundguard.ingest.stager``).
2. Gate: every table's contract runs (GX) over its staged rows, parents before children, so that a
   fee line whose settlement was quarantined is itself quarantined.
3. If a file's blocking-failure share exceeds ``settings.quality.max_blocking_share`` the batch stops:
   only the batch row and its quarantine findings are recorded, no data.
4. Load: one transaction: duplicates quarantined, corrections applied with history, quarantine,
   manifest and batch rows written.  A failure or a kill before COMMIT leaves nothing of the batch.
"""

from __future__ import annotations

import logging
import os
import re
import time
import uuid
from datetime import datetime
from pathlib import Path

import duckdb

from fundguard.db.connection import connect
from fundguard.db.migrate import apply_migrations
from fundguard.db.sql_files import bind, sql_text
from fundguard.errors import DataValidationError, InputDataError
from fundguard.ingest import apply, staging
from fundguard.ingest.files import discover_files
from fundguard.ingest.profiles import load_profiles
from fundguard.ingest.report import FileReport, IngestReport
from fundguard.ingest.stager import Stager
from fundguard.ingest.tables import LOAD_ORDER, data_columns
from fundguard.ops import progress
from fundguard.settings import Settings

log = logging.getLogger(__name__)

WARNING_ROWS_PER_CHECK = 1000
"""Warning findings kept per file and check in ``quarantine`` (full counts are in the summary)."""
PAUSE_ENV = "FG_TEST_INGEST_PAUSE_SECONDS"
MARKER_ENV = "FG_TEST_INGEST_PAUSE_MARKER"


def new_batch_id(started: datetime) -> str:
    return f"B{started:%Y%m%d%H%M%S}-{uuid.uuid4().hex[:6]}"


def local_now(con: duckdb.DuckDBPyConnection) -> datetime:
    """Wall-clock time in the database's timezone (settings.timezone), as stored timestamps are."""
    return con.execute("select cast(now() as timestamp)").fetchall()[0][0]  # type: ignore[no-any-return]


def ingest_inbox(settings: Settings, inbox: Path, *, run_id: str | None = None) -> IngestReport:
    """Ingest every new file under ``inbox`` (or the one file ``inbox``) as one batch.

    The caller holds the writer lock.  Raises ``DataValidationError`` when the gate stops the batch.
    """
    inbox = inbox.resolve()
    if not inbox.exists():
        raise InputDataError("入库目录不存在", location=inbox, hint="请检查路径。")
    with connect(settings) as con:
        apply_migrations(con, settings.sql_dir)
        _leave_room_for_frames(con)
        return _ingest(con, settings, inbox, run_id)


FRAME_RESERVE_BYTES = 2 * 1024**3
"""Memory kept out of DuckDB's share during ingest: the frames being cast and the GX chunks live in
Python.  A large batch fills DuckDB up to ``memory_limit`` with staged rows; without this reserve the
process peaked above the limit (8.0 GB for a 90-day city at the default 8 GB)."""
_SIZE = re.compile(r"^([\d.]+)\s*(bytes|B|KiB|MiB|GiB|TiB|KB|MB|GB|TB)$")
_UNITS = {"bytes": 1, "B": 1, "KiB": 1024, "MiB": 1024**2, "GiB": 1024**3, "TiB": 1024**4,
          "KB": 1000, "MB": 1000**2, "GB": 1000**3, "TB": 1000**4}


def _leave_room_for_frames(con: duckdb.DuckDBPyConnection) -> None:
    """Lower this connection's ``memory_limit`` by ``FRAME_RESERVE_BYTES`` (when it is over twice that)."""
    m = _SIZE.match(str(con.execute("select current_setting('memory_limit')").fetchall()[0][0]).strip())
    limit = int(float(m.group(1)) * _UNITS[m.group(2)]) if m else 0
    if limit > 2 * FRAME_RESERVE_BYTES:
        con.execute(f"set memory_limit = '{int(limit - FRAME_RESERVE_BYTES)}B'")  # an int we computed


def _ingest(con: duckdb.DuckDBPyConnection, settings: Settings, inbox: Path,
            run_id: str | None) -> IngestReport:
    started = local_now(con)
    report = IngestReport(batch_id=new_batch_id(started), inbox=inbox)
    staging.create_stage_tables(con, settings.sql_dir)
    profiles = load_profiles(settings.config_dir / "profiles", settings.sql_dir)
    known = {h for (h,) in con.execute("select file_hash from ingest_manifest").fetchall()}
    stager = Stager(con, settings.sql_dir, profiles, known)
    files = discover_files(inbox, profiles)
    with progress.track("读取入库文件", total=len(files)) as bar:
        for idx, (path, rel) in enumerate(bar.iterate(files)):
            report.files.append(FileReport(idx=idx, rel_path=rel))
            stager.add(report.files[-1], path)
        stager.flush()
    staging.hash_insured_ids(con, settings.sql_dir, settings.id_hash_salt)
    _run_gate(con, settings, report)
    _count_outcomes(con, report)
    over = _over_share(report, settings.quality.max_blocking_share)
    if over:
        _reject(con, settings, report, started, run_id, over, stager)
    try:
        _load(con, settings, report, started, run_id, stager)
    except Exception as exc:  # recorded, then re-raised: the batch left nothing behind
        _record_failure(con, settings, report, started, run_id, exc)
        raise
    _write_summary(con, settings, report)
    log.info("ingest batch=%s status=%s files=%d read=%d loaded=%d quarantined=%d", report.batch_id,
             report.status, len(report.files), report.rows_read, report.rows_loaded, report.rows_quarantined)
    return report


def _run_gate(con: duckdb.DuckDBPyConnection, settings: Settings, report: IngestReport) -> None:
    from fundguard.quality.contracts import contract
    from fundguard.quality.gx_suite import SuiteRunner
    from fundguard.quality.validate import validate_table

    codes = {t: list(c) for t, c in con.execute(
        "select code_type, list(code order by code) from code_list group by code_type").fetchall()}
    now = local_now(con)
    with progress.track("数据质量校验", total=len(LOAD_ORDER)) as bar:
        for table in bar.iterate(LOAD_ORDER):
            files = [f for f in report.files if f.target == table and f.status == "loaded" and f.rows_read]
            if not files:
                continue
            checks = contract(table, data_columns(settings.sql_dir, table), codes, now)
            runner = SuiteRunner(table, checks)
            found = validate_table(con, settings.sql_dir, table, runner, settings.quality.chunk_rows)
            for (idx, check), n in found.items():
                report.files[idx].check_counts[check] += n


def _count_outcomes(con: duckdb.DuckDBPyConnection, report: IngestReport) -> None:
    for table in LOAD_ORDER:
        rows = con.execute(f"select _file_idx, count(*) filter (where _blocked), count(*) filter "
                           f"(where not _blocked) from {staging.stage_table(table)} group by 1").fetchall()
        for idx, blocked, passing in rows:
            f = report.files[int(idx)]
            f.rows_quarantined, f.rows_loaded = int(blocked) + f.bad_rows, int(passing)


def _over_share(report: IngestReport, limit: float) -> list[FileReport]:
    return [f for f in report.files
            if f.status == "loaded" and f.rows_read and f.rows_quarantined / f.rows_read > limit]


def _reject(con: duckdb.DuckDBPyConnection, settings: Settings, report: IngestReport, started: datetime,
            run_id: str | None, over: list[FileReport], stager: Stager) -> None:
    detail = "; ".join(f"{f.rel_path}: {f.rows_quarantined}/{f.rows_read} 行未通过"
                       f" ({f.rows_quarantined / f.rows_read:.1%})" for f in over)
    report.status = "rejected"
    report.message = (f"数据质量闸门拦截了本批次: 以下文件的阻断性错误比例超过"
                      f" {settings.quality.max_blocking_share:.1%}: {detail}")
    for f in over:
        f.status = "rejected"
    for f in report.files:
        f.rows_loaded = 0
    con.execute("begin transaction")
    try:
        _write_findings(con, settings, report, started, run_id, stager)
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    _write_summary(con, settings, report)
    raise DataValidationError(
        report.message, location=report.summary_path,
        hint="本批次没有任何数据入库; 请按隔离区记录 (fundguard quarantine list --batch "
        f"{report.batch_id}) 修正源文件后重新投递。",
    )


def _write_findings(con: duckdb.DuckDBPyConnection, settings: Settings, report: IngestReport,
                    started: datetime, run_id: str | None, stager: Stager) -> None:
    stager.fill_raw_records()
    sql = sql_text(settings.sql_dir, "ingest/write_quarantine")
    con.execute(sql, bind(sql, {"batch_id": report.batch_id, "warning_cap": WARNING_ROWS_PER_CHECK}))
    _insert_batch(con, settings, report, started, run_id)


def _insert_batch(con: duckdb.DuckDBPyConnection, settings: Settings, report: IngestReport,
                  started: datetime, run_id: str | None) -> None:
    sql = sql_text(settings.sql_dir, "ingest/insert_batch")
    con.execute(sql, bind(sql, {
        "batch_id": report.batch_id, "run_id": run_id, "inbox": str(report.inbox), "started_at": started,
        "status": report.status, "n_files": len(report.files), "rows_read": report.rows_read,
        "rows_loaded": report.rows_loaded, "rows_quarantined": report.rows_quarantined,
        "message": report.message}))


def _load(con: duckdb.DuckDBPyConnection, settings: Settings, report: IngestReport, started: datetime,
          run_id: str | None, stager: Stager) -> None:
    con.execute("begin transaction")
    try:
        for table in LOAD_ORDER:
            if any(f.target == table and f.status == "loaded" for f in report.files):
                apply.quarantine_duplicates(con, settings.sql_dir, table)
                for idx, n in apply.load_table(con, settings.sql_dir, table, report.batch_id).items():
                    report.files[idx].rows_superseded += n
        _count_outcomes(con, report)
        _pause_for_tests()
        _finish_status(report)
        _write_findings(con, settings, report, started, run_id, stager)
        _write_manifest(con, settings, report)
        sql = sql_text(settings.sql_dir, "ingest/touched_range")
        row = con.execute(sql, {"batch_id": report.batch_id}).fetchall()[0]
        report.touched_from, report.touched_to = (row[0], row[1]) if row else (None, None)
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise


def _record_failure(con: duckdb.DuckDBPyConnection, settings: Settings, report: IngestReport,
                    started: datetime, run_id: str | None, exc: Exception) -> None:
    report.status = "failed"
    report.message = f"入库失败, 本批次未入库任何数据 ({type(exc).__name__})"
    for f in report.files:
        f.rows_loaded = 0
    try:
        _insert_batch(con, settings, report, started, run_id)
    except duckdb.Error:
        log.exception("could not record failed batch=%s", report.batch_id)


def _finish_status(report: IngestReport) -> None:
    if report.file_errors:
        report.status = "loaded_with_errors"
        report.message = f"{len(report.file_errors)} 个文件无法入库, 详见隔离区"
    elif not any(f.status == "loaded" for f in report.files):
        report.status = "noop"
        report.message = "没有新文件"


def _write_manifest(con: duckdb.DuckDBPyConnection, settings: Settings, report: IngestReport) -> None:
    sql = sql_text(settings.sql_dir, "ingest/insert_manifest")
    for f in report.files:
        if f.status != "loaded":
            continue
        con.execute(sql, bind(sql, {
            "file_hash": f.file_hash, "file_path": f.rel_path, "target_table": f.target,
            "profile": f.profile, "encoding": f.encoding, "batch_id": report.batch_id,
            "rows_read": f.rows_read, "rows_loaded": f.rows_loaded, "rows_quarantined": f.rows_quarantined,
            "rows_superseded": f.rows_superseded}))


def _pause_for_tests() -> None:
    """Deterministic kill point for the crash test: announce, then sleep inside the transaction."""
    seconds = os.environ.get(PAUSE_ENV)
    if not seconds:
        return
    marker = os.environ.get(MARKER_ENV)
    if marker:
        Path(marker).write_text("in-transaction", encoding="utf-8")
    time.sleep(float(seconds))


def _write_summary(con: duckdb.DuckDBPyConnection, settings: Settings, report: IngestReport) -> None:
    from fundguard.quality.summary import write_summary

    report.summary_path = write_summary(con, settings, report)

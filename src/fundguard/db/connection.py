"""Opening the DuckDB database: the one place that sets pragmas and enforces a single writer.

Writers take an exclusive file lock (``<db>.lock``) whose JSON body names the running job, so a second
writer is refused with a message naming it.  Readers open ``read_only=True`` and need no lock.
"""

from __future__ import annotations

import json
import logging
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import duckdb
from filelock import FileLock, Timeout

from fundguard.errors import DISK_FULL_HINT, DatabaseLockedError, NotFoundError, ResourceLimitError
from fundguard.settings import Settings

log = logging.getLogger(__name__)


def _lock_info_path(db_path: Path) -> Path:
    return db_path.with_suffix(db_path.suffix + ".writer.json")


def current_writer(settings: Settings) -> dict[str, object] | None:
    """Who holds the writer lock, as recorded by that process (None if nobody)."""
    info = _lock_info_path(settings.db_path)
    lock = FileLock(str(settings.db_path) + ".lock")
    try:
        lock.acquire(timeout=0)
    except Timeout:
        try:
            return json.loads(info.read_text(encoding="utf-8"))  # type: ignore[no-any-return]
        except (OSError, ValueError):
            return {"job": "未知任务"}
    lock.release()
    return None


def _locked_error(settings: Settings, holder: dict[str, object]) -> DatabaseLockedError:
    return DatabaseLockedError(
        f"数据库正被另一个写入任务占用: {holder.get('job', '未知任务')}"
        f" (进程 {holder.get('pid', '?')}, 开始于 {holder.get('started_at', '?')})",
        location=settings.db_path,
        hint="请等待该任务结束后重试；如确认该进程已不存在，可重新运行本命令。",
    )


def refuse_if_writing(settings: Settings) -> None:
    """Raise the writer lock's DatabaseLockedError now if another job writes (a cheap early check
    before starting a flow; the flow still takes the lock itself)."""
    holder = current_writer(settings)
    if holder is not None:
        raise _locked_error(settings, holder)


@contextmanager
def writer_lock(settings: Settings, job: str) -> Iterator[None]:
    """Hold the exclusive writer lock for ``job``; refuse clearly if another job holds it."""
    settings.db_path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(settings.db_path) + ".lock")
    info = _lock_info_path(settings.db_path)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise _locked_error(settings, current_writer(settings) or {}) from None
    try:
        info.write_text(
            json.dumps(
                {"job": job, "pid": os.getpid(), "host": socket.gethostname(),
                 "started_at": datetime.now().isoformat(timespec="seconds")},
                ensure_ascii=False,
            ),
            encoding="utf-8",
        )
        yield
    finally:
        info.unlink(missing_ok=True)
        lock.release()


def _configure(con: duckdb.DuckDBPyConnection, settings: Settings, read_only: bool) -> None:
    con.execute(f"set memory_limit = '{settings.db.memory_limit}'")  # from validated settings
    if settings.db.threads:
        con.execute(f"set threads = {int(settings.db.threads)}")
    if not read_only:
        settings.temp_path.mkdir(parents=True, exist_ok=True)
        con.execute("set temp_directory = $p", {"p": str(settings.temp_path)})
    con.execute("set TimeZone = $tz", {"tz": settings.timezone})
    con.execute("set preserve_insertion_order = false")


@contextmanager
def connect(settings: Settings, *, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """A configured connection to the project database.  Writers must also hold ``writer_lock``."""
    path = settings.db_path
    if read_only and not path.exists():
        raise NotFoundError(
            "数据库尚未建立", location=path, hint="请先运行 `fundguard run nightly` 或 `make demo`。"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise DatabaseLockedError(
                "数据库文件被另一个进程以写模式打开", location=path, hint="请等待写入任务结束后重试。"
            ) from exc
        raise
    try:
        _configure(con, settings, read_only)
        yield con
    except duckdb.OutOfMemoryException as exc:
        raise ResourceLimitError(
            f"内存不足: 超过 DuckDB memory_limit={settings.db.memory_limit}",
            hint="请调高 FUNDGUARD_DB__MEMORY_LIMIT 或缩小处理区间。",
        ) from exc
    except duckdb.IOException as exc:
        if "No space left" in str(exc):
            raise ResourceLimitError("磁盘空间不足", location=settings.temp_path,
                                     hint=DISK_FULL_HINT) from exc
        raise
    finally:
        con.close()


def memory_connection() -> duckdb.DuckDBPyConnection:
    """An in-memory connection (tests, rule cases)."""
    con = duckdb.connect(":memory:")
    con.execute("set TimeZone = 'Asia/Shanghai'")
    return con

"""Result objects of an ingest batch (what the CLI prints and the flow records)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path


@dataclass
class FileReport:
    idx: int
    rel_path: str
    file_hash: str | None = None
    target: str | None = None
    profile: str | None = None
    encoding: str | None = None
    status: str = "pending"
    """loaded | already_loaded | error"""
    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    rows_superseded: int = 0
    bad_rows: int = 0
    message: str | None = None
    check_counts: Counter[str] = field(default_factory=Counter)

    @property
    def status_zh(self) -> str:
        return {"loaded": "已入库", "already_loaded": "已入库过(跳过)", "error": "错误",
                "rejected": "被拦截", "pending": "未处理"}.get(self.status, self.status)


@dataclass
class IngestReport:
    batch_id: str
    inbox: Path
    status: str = "loaded"
    """loaded | loaded_with_errors | noop | rejected"""
    files: list[FileReport] = field(default_factory=list)
    touched_from: date | None = None
    touched_to: date | None = None
    summary_path: Path | None = None
    message: str | None = None

    def total(self, attr: str) -> int:
        return sum(int(getattr(f, attr)) for f in self.files)

    @property
    def rows_read(self) -> int:
        return self.total("rows_read")

    @property
    def rows_loaded(self) -> int:
        return self.total("rows_loaded")

    @property
    def rows_quarantined(self) -> int:
        return self.total("rows_quarantined")

    @property
    def rows_superseded(self) -> int:
        return self.total("rows_superseded")

    @property
    def file_errors(self) -> list[FileReport]:
        return [f for f in self.files if f.status == "error"]

    def counts(self) -> dict[str, object]:
        """Counts for the run table (plus the touched settle-date range as ISO dates)."""
        return {
            "files": len(self.files),
            "files_loaded": sum(f.status == "loaded" for f in self.files),
            "files_skipped": sum(f.status == "already_loaded" for f in self.files),
            "files_error": len(self.file_errors),
            "rows_read": self.rows_read,
            "rows_loaded": self.rows_loaded,
            "rows_quarantined": self.rows_quarantined,
            "rows_superseded": self.rows_superseded,
            "touched_from": self.touched_from.isoformat() if self.touched_from else None,
            "touched_to": self.touched_to.isoformat() if self.touched_to else None,
        }

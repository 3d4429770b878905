"""Pipeline stage adapter: ingest the run's inbox (with the quality gate) as one batch."""

from __future__ import annotations

from fundguard.db.connection import connect
from fundguard.db.migrate import apply_migrations
from fundguard.ingest.loader import ingest_inbox
from fundguard.ops.context import RunContext
from fundguard.settings import Settings


def run(settings: Settings, ctx: RunContext) -> dict[str, object]:
    """Ingest ``ctx.inbox`` (default ``settings.inbox_path``); the caller holds the writer lock.

    Returns counts plus ``touched_from``/``touched_to`` (ISO settle dates of new or changed
    settlements and fee lines, or None), ``batch_id`` and ``summary_path``.
    Raises ``DataValidationError`` when the quality gate stops the batch.
    """
    with connect(settings) as con:
        apply_migrations(con, settings.sql_dir)
    report = ingest_inbox(settings, ctx.inbox or settings.inbox_path, run_id=ctx.run_id)
    counts = report.counts()
    counts["batch_id"] = report.batch_id
    counts["summary_path"] = str(report.summary_path) if report.summary_path else None
    return counts

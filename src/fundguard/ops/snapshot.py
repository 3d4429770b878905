"""A run-independent snapshot of what the analysis stages produced.

Used to prove idempotence (re-running a night changes nothing) and incremental = full (N nightly
runs equal one recompute): run ids and timestamps are left out, everything an auditor sees is kept.
"""

from __future__ import annotations

import hashlib
from typing import Any

import duckdb

from fundguard.db.sql_files import sql_text
from fundguard.settings import Settings

SNAPSHOT_PARTS = ("findings", "cases", "ratings", "risk")


def outputs_snapshot(con: duckdb.DuckDBPyConnection, settings: Settings) -> dict[str, list[tuple[Any, ...]]]:
    """Every part as sorted rows."""
    return {part: con.execute(sql_text(settings.sql_dir, f"ops/snapshot/{part}")).fetchall()
            for part in SNAPSHOT_PARTS}


def snapshot_digest(snapshot: dict[str, list[tuple[Any, ...]]]) -> dict[str, str]:
    """One short SHA-256 per part, for logs and benchmark output."""
    return {part: hashlib.sha256(repr(rows).encode("utf-8")).hexdigest()[:16]
            for part, rows in snapshot.items()}

"""The run context handed to every pipeline stage."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path


@dataclass(frozen=True, slots=True)
class RunContext:
    """What a stage needs to know about the run it belongs to.

    ``period_start``/``period_end`` bound the dates touched by new or changed data (settle dates).
    Stages evaluate results anchored in that window and may read history before it.
    """

    run_id: str
    run_date: date
    period_start: date | None = None
    period_end: date | None = None
    inbox: Path | None = None
    full: bool = False
    """True for `fundguard run full`: recompute everything in the window from scratch."""

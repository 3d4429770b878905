"""The business date of a nightly run."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo


def previous_day(moment: datetime, timezone: str) -> date:
    """The calendar day before ``moment`` in ``timezone``: the day a night run at ``moment`` processes.

    ``moment`` must be timezone-aware (a scheduled start time); 2026-03-31T18:00Z is 02:00 on
    2026-04-01 in Asia/Shanghai, so its run processes 2026-03-31.
    """
    if moment.tzinfo is None:
        raise ValueError("moment must be timezone-aware")
    return moment.astimezone(ZoneInfo(timezone)).date() - timedelta(days=1)

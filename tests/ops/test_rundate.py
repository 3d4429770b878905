"""The business date of a scheduled night run."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from fundguard.ops.rundate import previous_day


@pytest.mark.parametrize(("moment", "expected"), [
    (datetime(2026, 3, 31, 18, 0, tzinfo=UTC), date(2026, 3, 31)),      # 02:00 on 1 April in Shanghai
    (datetime(2026, 3, 31, 15, 59, tzinfo=UTC), date(2026, 3, 30)),     # 23:59 on 31 March in Shanghai
    (datetime(2026, 1, 1, 2, 0, tzinfo=timezone(timedelta(hours=8))), date(2025, 12, 31)),
])
def test_a_night_run_processes_the_previous_shanghai_day(moment: datetime, expected: date) -> None:
    assert previous_day(moment, "Asia/Shanghai") == expected


def test_a_naive_moment_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        previous_day(datetime(2026, 4, 1, 2, 0), "Asia/Shanghai")

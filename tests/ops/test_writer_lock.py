"""The single writer: a second writer is refused naming the running job (early check and lock)."""

from __future__ import annotations

import pytest

from fundguard.db.connection import refuse_if_writing, writer_lock
from fundguard.errors import DatabaseLockedError


def test_a_second_writer_is_refused_naming_the_running_job(settings) -> None:
    refuse_if_writing(settings)  # nobody writes: no error
    with writer_lock(settings, job="nightly 夜间批处理 run_date=2026-03-31"):
        with pytest.raises(DatabaseLockedError, match="nightly 夜间批处理 run_date=2026-03-31") as early:
            refuse_if_writing(settings)
        with pytest.raises(DatabaseLockedError) as locked, writer_lock(settings, job="full"):
            pass
    assert early.value.exit_code == 5 and "数据库正被另一个写入任务占用" in early.value.message
    assert locked.value.message == early.value.message
    refuse_if_writing(settings)  # released

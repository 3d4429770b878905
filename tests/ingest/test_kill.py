"""A batch killed (SIGKILL) inside its transaction leaves nothing; the next run completes."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from fundguard.ingest.loader import MARKER_ENV, PAUSE_ENV, ingest_inbox

REPO = Path(__file__).resolve().parents[2]
BASE = REPO / "tests" / "fixtures" / "bad_inputs" / "inbox"


def _counts(db: Path) -> tuple[int, int, int]:
    with duckdb.connect(str(db), read_only=True) as con:
        return tuple(con.execute(f"select count(*) from {t}").fetchall()[0][0]  # type: ignore[return-value]
                     for t in ("institution", "ingest_manifest", "ingest_batch"))


@pytest.mark.slow
def test_killed_batch_leaves_nothing_and_next_run_completes(settings, tmp_path):
    inbox = tmp_path / "inbox"
    (inbox / "institution").mkdir(parents=True)
    shutil.copy(BASE / "institution" / "base.csv", inbox / "institution" / "base.csv")
    marker = tmp_path / "in-transaction"
    env = {**os.environ, "FUNDGUARD_PROJECT_DIR": str(REPO), "FUNDGUARD_VAR_DIR": str(settings.var_path),
           PAUSE_ENV: "300", MARKER_ENV: str(marker)}
    proc = subprocess.Popen([sys.executable, "-m", "fundguard", "ingest", str(inbox)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 240
        while not marker.exists():
            assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else "ingest exited"
            assert time.monotonic() < deadline, "ingest never reached its transaction"
            time.sleep(0.2)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert _counts(settings.db_path) == (0, 0, 0)

    report = ingest_inbox(settings, inbox)
    assert report.status == "loaded" and report.rows_loaded == 3
    assert _counts(settings.db_path) == (3, 1, 1)

"""Kill-and-resume, a second writer, and resource limits, through the real CLI in subprocesses.

One database receives the January portion of the sample city from `fundguard run nightly` processes
that are SIGKILLed at named points (ingest, rules and anomaly inside their transactions; after the
cases stage committed but before it was recorded).  Kill points are the
test-only pause hooks of ``fundguard.ops.testing`` and ``fundguard.ingest.loader``: the process
announces the point in a marker file and sleeps there.  While one run is paused (holding the writer
lock) a second `fundguard run nightly` is refused.  A last run completes; its outputs must equal
those of the uninterrupted first night of ``nightly_runs`` (same data, same forest).
Subprocesses talk to this session's Prefect test server (PREFECT_API_URL), so none starts its own.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.pipelines.incremental_support import CUTS, copy_database, differences, snapshot

from fundguard.db.connection import connect
from fundguard.ingest.loader import MARKER_ENV, PAUSE_ENV
from fundguard.ops.testing import PAUSE_AT_ENV, PAUSE_MARKER_ENV
from fundguard.settings import Settings

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.timeout(1800),
              pytest.mark.xdist_group("sample_runs")]  # one worker builds the shared session fixtures

NIGHT = CUTS[0]
WAIT_SECONDS = 300


def _nightly_cmd(inbox: Path) -> list[str]:
    return [sys.executable, "-m", "fundguard", "run", "nightly", "--date", NIGHT.isoformat(),
            "--inbox", str(inbox)]


@pytest.fixture(scope="module")
def kill_env(nightly_runs: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A fresh var dir on the nightly project (same trained forest) and the env of its processes."""
    import prefect.settings

    settings = Settings(project_dir=nightly_runs["settings"].project_dir,
                        var_dir=tmp_path_factory.mktemp("killed") / "var")
    env = {k: v for k, v in os.environ.items() if not k.startswith("FUNDGUARD_")}
    env |= {"FUNDGUARD_PROJECT_DIR": str(settings.project_dir), "FUNDGUARD_VAR_DIR": str(settings.var_path),
            "PREFECT_API_URL": str(prefect.settings.PREFECT_API_URL.value())}
    return {"settings": settings, "env": env, "inbox": nightly_runs["january_inbox"],
            "marker_dir": tmp_path_factory.mktemp("markers")}


@pytest.fixture
def paused_run(kill_env: dict[str, Any]) -> Iterator[Any]:
    """Start a nightly run that pauses at a point; yields a function(point) → the paused process."""
    procs: list[subprocess.Popen[bytes]] = []

    def start(point: str) -> subprocess.Popen[bytes]:
        marker = kill_env["marker_dir"] / point.replace(":", "_").replace("@", "_")
        env = dict(kill_env["env"])
        if point == "ingest":
            env |= {PAUSE_ENV: "600", MARKER_ENV: str(marker)}
        else:
            env |= {PAUSE_AT_ENV: point, PAUSE_MARKER_ENV: str(marker)}
        proc = subprocess.Popen(_nightly_cmd(kill_env["inbox"]), env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE)
        procs.append(proc)
        deadline = time.monotonic() + WAIT_SECONDS
        while not marker.exists():
            if proc.poll() is not None:
                raise AssertionError(f"run ended before {point}: {proc.stderr.read().decode()[-2000:]}")
            assert time.monotonic() < deadline, f"run never reached {point}"
            time.sleep(0.2)
        return proc

    yield start
    for proc in procs:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def _kill(proc: subprocess.Popen[bytes]) -> None:
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL


def _count(settings: Settings, sql: str, params: dict[str, Any] | None = None) -> int:
    with connect(settings, read_only=True) as con:
        return int(con.execute(sql, params or {}).fetchall()[0][0])


def _latest_run(settings: Settings) -> str:
    with connect(settings, read_only=True) as con:
        return str(con.execute("select run_id from pipeline_run order by started_at desc limit 1")
                   .fetchall()[0][0])


def _assert_killed_inside(settings: Settings, stage: str, table: str) -> None:
    """The killed run's stage left none of its rows; the run still says 'running'."""
    run_id = _latest_run(settings)
    assert _count(settings, f"select count(*) from {table} where {stage} = $r", {"r": run_id}) == 0
    assert _count(settings, "select count(*) from pipeline_run where run_id = $r and status = 'running'",
                  {"r": run_id}) == 1


def test_killed_nightly_runs_resume_to_the_uninterrupted_result(kill_env: dict[str, Any], paused_run: Any,
                                                                nightly_runs: dict[str, Any]) -> None:
    from pipelines.nightly import nightly

    settings: Settings = kill_env["settings"]
    # 1. inside the ingest transaction: nothing of the batch is left
    _kill(paused_run("ingest"))
    assert _count(settings, "select count(*) from settlement") == 0
    assert _count(settings, "select count(*) from ingest_manifest") == 0
    assert _count(settings, "select count(*) from ingest_batch") == 0
    # 2. inside the rules transaction (every rule written): no finding, no rule_execution of that run
    second_writer_refused(kill_env, paused_run("rules:persist"))
    _assert_killed_inside(settings, "last_run_id", "finding")
    _assert_killed_inside(settings, "run_id", "rule_execution")
    assert _count(settings, "select count(*) from finding") == 0
    assert _count(settings, "select count(*) from ingest_batch where status = 'loaded'") == 1
    # 3. inside the anomaly transaction (after the first month): no risk score of that run
    _kill(paused_run("anomaly:write"))
    _assert_killed_inside(settings, "run_id", "risk_score")
    assert _count(settings, "select count(*) from finding") > 100
    # 4. the cases stage committed, but was not recorded (credit and reports never ran)
    _kill(paused_run("stage:cases:done"))
    cases_before = _count(settings, "select count(*) from case_file")
    assert cases_before > 0
    assert _count(settings, "select count(*) from run_stage where run_id = $r and stage = 'cases'",
                  {"r": _latest_run(settings)}) == 0

    with pytest.MonkeyPatch.context() as mp:
        for key, value in kill_env["env"].items():
            if key.startswith("FUNDGUARD_"):
                mp.setenv(key, value)
        result = nightly(NIGHT, str(kill_env["inbox"]))
    assert result["ingest"]["files_loaded"] == 0 and result["cases"]["cases_new"] == 0
    _assert_consistent(settings, result["run_id"])
    expected, actual = nightly_runs["nights"][0]["snapshot"], snapshot(settings)
    for part, rows in expected.items():
        assert actual[part] == rows, f"{part}: {differences(rows, actual[part])}"
    assert len(actual["cases"]) == cases_before


def _assert_consistent(settings: Settings, final_run: str) -> None:
    with connect(settings, read_only=True) as con:
        runs = con.execute("select run_id, status, message from pipeline_run order by started_at").fetchall()
        duplicates = con.execute("""
            select (select count(*) - count(distinct finding_id) from finding)
                 + (select count(*) - count(distinct case_id) from case_file)
                 + (select count(*) - count(distinct finding_id) from case_finding)
        """).fetchall()[0][0]
        batches = con.execute("select status, count(*) from ingest_batch group by status").fetchall()
    assert [r[1] for r in runs] == ["interrupted"] * 4 + ["completed"] and runs[-1][0] == final_run
    assert all("运行中断" in r[2] for r in runs[:4])
    assert duplicates == 0
    assert dict(batches).get("loaded") == 1 and set(dict(batches)) <= {"loaded", "noop"}  # no partial batch


def second_writer_refused(kill_env: dict[str, Any], holder: subprocess.Popen[bytes]) -> None:
    """While ``holder`` is paused holding the writer lock, a second nightly process is refused with
    a Chinese message naming the running job; then ``holder`` is killed."""
    try:
        second = subprocess.run(_nightly_cmd(kill_env["inbox"]), env=kill_env["env"], capture_output=True,
                                timeout=WAIT_SECONDS, check=False)
    finally:
        _kill(holder)
    stderr = second.stderr.decode("utf-8")
    assert second.returncode == 5, stderr  # DatabaseLockedError (transient)
    assert "错误: 数据库正被另一个写入任务占用" in stderr, stderr
    assert f"nightly 夜间批处理 run_date={NIGHT}" in stderr and f"进程 {holder.pid}" in stderr
    assert "Traceback" not in stderr


def test_a_heavy_query_over_the_memory_limit_is_a_clear_error(sample_db: Any, tmp_path: Path) -> None:
    """DuckDB's memory_limit (FUNDGUARD_DB__MEMORY_LIMIT) reached by a rule back-test: the CLI
    prints the Chinese ResourceLimitError and exits 8, no traceback."""
    var_dir = tmp_path / "var"
    copy_database(sample_db.db_path, var_dir)
    env = {k: v for k, v in os.environ.items() if not k.startswith("FUNDGUARD_")}
    env |= {"FUNDGUARD_VAR_DIR": str(var_dir), "FUNDGUARD_DB__MEMORY_LIMIT": "4MB"}
    done = subprocess.run([sys.executable, "-m", "fundguard", "rules", "run", "duplicate_prescribing",
                           "--from", "2026-01-01", "--to", "2026-03-31"],
                          env=env, capture_output=True, timeout=WAIT_SECONDS, check=False)
    stderr = done.stderr.decode("utf-8")
    assert done.returncode == 8, stderr
    assert "错误: 内存不足: 超过 DuckDB memory_limit=4MB" in stderr, stderr
    assert "FUNDGUARD_DB__MEMORY_LIMIT" in stderr and "Traceback" not in stderr

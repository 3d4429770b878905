"""`fundguard schedule`: the nightly deployment, its retry policy, and a real served run.

The end-to-end test starts ``fundguard schedule`` as a subprocess (a real ``prefect server start`` on
a free loopback port, temp PREFECT_HOME and FUNDGUARD_VAR_DIR), triggers a run of the deployment
through the API on the committed sample city, waits for it, then stops the command with SIGINT
(Ctrl-C) and checks that the server went down with it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from tests.pipelines.incremental_support import deliver_until

from fundguard.errors import ConfigError, DatabaseLockedError
from fundguard.settings import ScheduleSettings, Settings

REPO = Path(__file__).resolve().parents[2]
CITY = REPO / "data_samples" / "city"
FIRST_WEEK = date(2026, 1, 7)
STARTUP_SECONDS = 240  # `prefect server start` took 34-100 s at load average 4.5-8.5 on 2 cores
RUN_SECONDS = 600  # the whole sample's night took 170-330 s at load 9-14; the first week is far less


def test_the_deployment_runs_nightly_at_two_in_shanghai_with_no_parameters() -> None:
    from pipelines.deploy import deployment_options

    options = deployment_options(Settings(project_dir=REPO))
    assert (options["schedule"].cron, options["schedule"].timezone) == ("0 2 * * *", "Asia/Shanghai")
    assert options["parameters"] == {}  # run_date defaults to the previous day
    assert options["name"] == "nightly" and options["paused"] is False


def test_the_deployment_shows_that_only_transient_failures_are_retried() -> None:
    from pipelines.deploy import deployment_options

    options = deployment_options(Settings(project_dir=REPO))
    assert "retry:transient-only" in options["tags"]
    assert "TransientError" in options["description"] and "最多 2 次、间隔 5 秒" in options["description"]


def test_schedule_settings_reach_the_deployment(tmp_path: Path) -> None:
    from pipelines.deploy import deployment_options

    schedule = ScheduleSettings(cron="30 3 * * 1-5", timezone="Asia/Urumqi", inbox=tmp_path)
    options = deployment_options(Settings(project_dir=REPO, schedule=schedule))
    assert (options["schedule"].cron, options["schedule"].timezone) == ("30 3 * * 1-5", "Asia/Urumqi")
    assert options["parameters"] == {"inbox": str(tmp_path.resolve())}


@pytest.mark.parametrize(("cron", "timezone"), [("0 2 * *", "Asia/Shanghai"), ("0 2 * * *", "Mars/Base")])
def test_a_bad_cron_or_timezone_is_refused_in_chinese(cron: str, timezone: str) -> None:
    from pipelines.deploy import deployment_options

    settings = Settings(project_dir=REPO, schedule=ScheduleSettings(cron=cron, timezone=timezone))
    with pytest.raises(ConfigError, match="定时设置无效"):
        deployment_options(settings)


@pytest.mark.parametrize(("error", "retried"), [(DatabaseLockedError("数据库被占用"), True),
                                                (ValueError("坏数据"), False)])
def test_stage_tasks_retry_transient_failures_only(error: Exception, retried: bool) -> None:
    from pipelines.nightly import _retry_transient_only, run_stage
    from prefect.states import Failed

    assert run_stage.retry_condition_fn is _retry_transient_only
    assert _retry_transient_only(run_stage, None, Failed(data=error)) is retried


@pytest.mark.parametrize(("flow_name", "parameters"), [
    ("nightly", {"run_date": "2026-03-31"}),
    ("nightly", {}),
    ("full_recompute", {"date_from": "2026-01-01", "date_to": "2026-03-31"}),
])
def test_served_copies_of_the_flows_validate_their_parameters(flow_name: str,
                                                              parameters: dict[str, Any]) -> None:
    """Served runs execute a cloudpickled flow (globals cut to the names its code uses)."""
    import cloudpickle
    import pipelines.nightly

    served = cloudpickle.loads(cloudpickle.dumps(getattr(pipelines.nightly, flow_name)))
    validated = served.validate_parameters(parameters)
    assert all(isinstance(validated[k], date) for k in parameters)


def test_a_busy_port_is_refused_before_starting_anything(tmp_path: Path) -> None:
    from pipelines.deploy import LocalServer

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        server = LocalServer(tmp_path / "prefect", busy.getsockname()[1])
        with pytest.raises(ConfigError, match="已被占用"):
            server.start()
    assert server.process is None


def _cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    from fundguard.cli.common import get_settings
    from fundguard.cli.main import main

    get_settings.cache_clear()
    monkeypatch.setattr(sys, "argv", ["fundguard", *args])
    try:
        main()
    except SystemExit as exc:
        return int(exc.code or 0), capsys.readouterr().err
    return 0, capsys.readouterr().err


def test_the_command_refuses_a_bad_cron_before_starting_a_server(monkeypatch, capsys, tmp_path: Path) -> None:
    monkeypatch.setenv("FUNDGUARD_VAR_DIR", str(tmp_path / "var"))
    code, err = _cli(monkeypatch, capsys, "schedule", "--cron", "every night", "--port", "4999")
    assert (code, err.splitlines()[0][:12]) == (4, "错误: 定时设置无效: ")
    assert not (tmp_path / "var" / "prefect-server").exists()


def test_the_command_refuses_a_busy_port(monkeypatch, capsys, tmp_path: Path) -> None:
    monkeypatch.setenv("FUNDGUARD_VAR_DIR", str(tmp_path / "var"))
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        code, err = _cli(monkeypatch, capsys, "schedule", "--port", str(busy.getsockname()[1]))
    assert code == 4 and "已被占用" in err and "fundguard schedule" in err


# --- end to end: real server, deployment, run through the API --------------------------------------

def _schedule_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("FUNDGUARD_") and k not in ("PREFECT_API_URL", "PREFECT_HOME")}
    env.update(FUNDGUARD_VAR_DIR=str(tmp_path / "var"), PREFECT_HOME=str(tmp_path / "client-home"),
               FUNDGUARD_SCHEDULE__STARTUP_TIMEOUT_SECONDS=str(STARTUP_SECONDS),
               PREFECT_SERVER_ANALYTICS_ENABLED="false", DO_NOT_TRACK="1")
    return env


@pytest.fixture
def scheduler(tmp_path: Path) -> Iterator[dict[str, Any]]:
    """``fundguard schedule`` on a free port; always stopped (then killed) at the end."""
    if not (CITY / "MANIFEST.json").is_file():
        pytest.skip("data_samples/city is absent: run `make sample`")
    from pipelines.deploy import free_port

    port = free_port()
    inbox = _first_week_inbox(tmp_path / "inbox")
    out, err = (tmp_path / "schedule.out").open("wb"), (tmp_path / "schedule.err").open("wb")
    command = [str(Path(sys.executable).parent / "fundguard"), "schedule", "--port", str(port),
               "--inbox", str(inbox)]
    process = subprocess.Popen(command, cwd=REPO, env=_schedule_env(tmp_path), stdin=subprocess.DEVNULL,
                               stdout=out, stderr=err)
    state = {"process": process, "port": port, "inbox": inbox, "var": tmp_path / "var",
             "out": tmp_path / "schedule.out", "err": tmp_path / "schedule.err"}
    try:
        yield state
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        out.close()
        err.close()
        _kill_leftover_server(tmp_path / "var" / "prefect-server")


def _first_week_inbox(inbox: Path) -> Path:
    """The sample's reference lists and its first week of data (no finance files, which touch every
    month they pay): the served run must work end to end, not on the whole sample (suite budget)."""
    deliver_until(inbox, FIRST_WEEK, CITY, whole=("reference",))
    return inbox


def _kill_leftover_server(home: Path) -> None:
    """Safety net: the server this test's command started is still running (its pid file remains)."""
    pid_file = home / "fundguard-server.pid"
    if pid_file.is_file():
        with contextlib.suppress(ProcessLookupError):
            os.killpg(int(pid_file.read_text(encoding="utf-8")), signal.SIGKILL)


def _wait_until(check: Any, state: dict[str, Any], seconds: float, what: str) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert state["process"].poll() is None, state["err"].read_text(encoding="utf-8")[-3000:]
        found = check()
        if found:
            return found
        time.sleep(1)
    pytest.fail(f"{what} not ready after {seconds} s: " + state["err"].read_text(encoding="utf-8")[-3000:])


def _deployment_or_none() -> Any:
    from prefect.client.orchestration import get_client
    from prefect.exceptions import ObjectNotFound

    with get_client(sync_client=True) as client, contextlib.suppress(ObjectNotFound):
        return client.read_deployment_by_name("nightly/nightly")
    return None


def _run_log_messages(flow_run_id: Any) -> list[str]:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId

    with get_client(sync_client=True) as client:
        logs = client.read_logs(LogFilter(flow_run_id=LogFilterFlowRunId(any_=[flow_run_id])))
    return [log.message for log in logs]


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.slow
@pytest.mark.e2e
@pytest.mark.timeout(RUN_SECONDS + STARTUP_SECONDS + 120)
def test_a_run_triggered_through_the_api_is_served_and_recorded(scheduler: dict[str, Any]) -> None:
    from prefect.deployments import run_deployment
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from fundguard.ops.runs import list_runs, run_stages

    with temporary_settings(updates={PREFECT_API_URL: f"http://127.0.0.1:{scheduler['port']}/api"}):
        _wait_until(lambda: _port_open(scheduler["port"]), scheduler, STARTUP_SECONDS, "the server")
        deployment = _wait_until(_deployment_or_none, scheduler, STARTUP_SECONDS, "the deployment")
        assert [(s.schedule.cron, s.schedule.timezone, s.active) for s in deployment.schedules] == \
            [("0 2 * * *", "Asia/Shanghai", True)]
        assert deployment.parameters == {"inbox": str(scheduler["inbox"])}
        flow_run = run_deployment("nightly/nightly", parameters={"run_date": FIRST_WEEK.isoformat()},
                                  timeout=RUN_SECONDS, poll_interval=2, as_subflow=False)
        assert flow_run.state is not None and flow_run.state.is_completed(), \
            f"{flow_run.state}\n{scheduler['err'].read_text(encoding='utf-8')[-3000:]}"
        # fundguard's progress lines of the served run reach the UI (counts, no rich display);
        # the run's last log batch may arrive just after its final state
        _wait_until(lambda: any(m.startswith("progress done label=规则计算 done=")
                                for m in _run_log_messages(flow_run.id)),
                    scheduler, 30, "the progress log lines")

    settings = Settings(project_dir=REPO, var_dir=scheduler["var"])
    runs = [r for r in list_runs(settings) if r["flow"] == "nightly"]
    assert [(str(r["run_date"]), r["status"]) for r in runs] == [(FIRST_WEEK.isoformat(), "completed")]
    stages = run_stages(settings, runs[0]["run_id"])
    assert {s["stage"]: s["status"] for s in stages} == dict.fromkeys(
        ("ingest", "rules", "anomaly", "cases", "credit", "reports"), "completed")

    process = scheduler["process"]
    process.send_signal(signal.SIGINT)  # Ctrl-C: stop serving, then the server
    assert process.wait(timeout=90) == 0
    assert "调度已停止，Prefect 服务器已关闭。" in scheduler["out"].read_text(encoding="utf-8")
    assert not _port_open(scheduler["port"])

"""`fundguard schedule`: a local Prefect server on loopback that serves the nightly deployment.

``LocalServer`` runs ``prefect server start`` as a child process (own session, so Ctrl-C reaches
this process first and the server is stopped last, after serving has paused the schedule), with its
PREFECT_HOME under ``var/`` and its log in ``<PREFECT_HOME>/server.log``.  ``serve_nightly`` creates
the ``nightly/nightly`` deployment (cron schedule in the configured timezone, no parameters needed:
the flow's ``run_date`` defaults to the previous day) and executes its runs in subprocesses until
interrupted.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fundguard.errors import ConfigError, TransientError
from fundguard.ops import progress
from fundguard.settings import Settings

LOOPBACK = "127.0.0.1"
DEPLOYMENT_NAME = "nightly"
TAGS = ["fundguard", "nightly", "retry:transient-only"]


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])


def _port_in_use(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex((LOOPBACK, port)) == 0


def _server_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env.update(PREFECT_HOME=str(home), PREFECT_SERVER_ANALYTICS_ENABLED="false", DO_NOT_TRACK="1",
               PREFECT_SERVER_LOGGING_LEVEL=env.get("PREFECT_SERVER_LOGGING_LEVEL", "WARNING"))
    return env


class LocalServer:
    """``prefect server start`` on 127.0.0.1:``port`` as a child process; a context manager."""

    def __init__(self, home: Path, port: int, *, startup_timeout: float = 180.0) -> None:
        self.home = home
        self.port = port
        self.startup_timeout = startup_timeout
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def ui_url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.ui_url}/api"

    @property
    def log_path(self) -> Path:
        return self.home / "server.log"

    @property
    def pid_path(self) -> Path:
        """Process id of the running server (its process group), removed when it stops."""
        return self.home / "fundguard-server.pid"

    def start(self) -> None:
        """Start the server and wait until ``/api/health`` answers."""
        if _port_in_use(self.port):
            raise ConfigError(f"端口 {self.port} 已被占用，无法启动 Prefect 服务器",
                              hint="可能已有 fundguard schedule 在运行；或用 --port 指定其他端口"
                                   " (FUNDGUARD_SCHEDULE__PORT)。")
        self.home.mkdir(parents=True, exist_ok=True)
        command = [sys.executable, "-m", "prefect", "server", "start", "--host", LOOPBACK,
                   "--port", str(self.port)]
        with self.log_path.open("ab") as log_file:
            self.process = subprocess.Popen(command, env=_server_env(self.home), stdin=subprocess.DEVNULL,
                                            stdout=log_file, stderr=subprocess.STDOUT,
                                            start_new_session=True)
        self.pid_path.write_text(str(self.process.pid), encoding="utf-8")
        try:
            self._wait_healthy()
        except BaseException:
            self.stop()
            raise

    def healthy(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.api_url}/health", timeout=2) as response:
                return response.status == 200 and response.read().strip() == b"true"
        except (urllib.error.URLError, OSError):
            return False

    def _wait_healthy(self) -> None:
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise ConfigError(f"Prefect 服务器启动失败 (退出码 {self.process.returncode})",
                                  location=self.log_path, hint="请查看服务器日志。")
            if self.healthy():
                return
            time.sleep(0.5)
        raise TransientError(f"Prefect 服务器 {self.startup_timeout:.0f} 秒内未就绪",
                             location=self.log_path,
                             hint="机器繁忙时可调大 FUNDGUARD_SCHEDULE__STARTUP_TIMEOUT_SECONDS。")

    def stop(self, grace_seconds: float = 20.0) -> None:
        """Stop the server (SIGTERM to its process group, SIGKILL after ``grace_seconds``)."""
        process, self.process = self.process, None
        if process is None:
            return
        for sig, wait in ((signal.SIGTERM, grace_seconds), (signal.SIGKILL, 10.0)):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, sig)  # the group: uvicorn and anything it started
            try:
                process.wait(timeout=wait)
                break
            except subprocess.TimeoutExpired:
                continue
        self.pid_path.unlink(missing_ok=True)

    def __enter__(self) -> LocalServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def retry_policy_zh() -> str:
    """The retry behaviour of the nightly stages, in Chinese, read from the task itself."""
    from pipelines.nightly import run_stage

    return (f"各阶段仅在临时性故障 (TransientError: 数据库被其他进程占用、文件锁等) 时自动重试，"
            f"最多 {run_stage.retries} 次、间隔 {run_stage.retry_delay_seconds} 秒；其他错误不重试，运行直接失败。")


def _cron(cron: str, timezone: str) -> Any:
    from prefect.schedules import Cron

    try:
        ZoneInfo(timezone)
        return Cron(cron, timezone=timezone)
    except (ValueError, ZoneInfoNotFoundError) as exc:
        raise ConfigError(f"定时设置无效: {cron!r} ({timezone})",
                          hint="cron 为 5 段 (分 时 日 月 周)，如 '0 2 * * *'；时区为 IANA 名称，如 Asia/Shanghai。"
                          ) from exc


def deployment_options(settings: Settings) -> dict[str, Any]:
    """Keyword arguments of ``nightly.serve``/``to_deployment``: name, cron schedule, parameters."""
    from prefect.deployments.runner import EntrypointType

    sched = settings.schedule
    parameters = {"inbox": str(sched.inbox.resolve())} if sched.inbox else {}
    return {
        "name": DEPLOYMENT_NAME,
        "schedule": _cron(sched.cron, sched.timezone),
        "parameters": parameters,
        "paused": False,
        "tags": TAGS,
        "description": (f"医保基金卫士夜间批处理: 入库 → 质量校验 → 规则 → 异常模型 → 案件 → 信用 → 报告。"
                        f"定时 {sched.cron} ({sched.timezone})，业务日期默认为前一天。{retry_policy_zh()}"),
        "entrypoint_type": EntrypointType.MODULE_PATH,
    }


@contextlib.contextmanager
def api_at(api_url: str) -> Iterator[None]:
    """Point this process's Prefect client (and the flow runs it starts) at ``api_url``."""
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings(updates={PREFECT_API_URL: api_url}):
        yield


def serve_nightly(options: dict[str, Any]) -> None:
    """Create or update the nightly deployment (``deployment_options``) and execute its runs, one
    at a time, until Ctrl-C or SIGTERM.

    Stopping pauses the deployment's schedule (the server may outlive this process); the next
    ``serve_nightly`` resumes it.
    """
    from pipelines.nightly import nightly

    nightly.serve(**options, pause_on_shutdown=True, limit=1, print_starting_message=False)


def run_schedule(settings: Settings, *, on_ready: Callable[[LocalServer], None]) -> None:
    """Start the local server, call ``on_ready`` (print the URLs), serve until interrupted, stop."""
    options = deployment_options(settings)  # invalid cron or timezone: fail before starting anything
    if threading.current_thread() is threading.main_thread():
        # Ctrl-C must stop serving even when started from a script that ignores SIGINT (``cmd &``).
        signal.signal(signal.SIGINT, signal.default_int_handler)
    server = LocalServer(settings.prefect_server_home, settings.schedule.port,
                         startup_timeout=settings.schedule.startup_timeout_seconds)
    with server, api_at(server.api_url), _environ(SERVED_RUN_ENVIRON):
        on_ready(server)
        serve_nightly(options)


# Environment of the served runs: fundguard's log lines (stage progress at INFO, warnings) go to the
# server next to Prefect's.  Set in os.environ, not only in Prefect settings: a run's subprocess
# configures logging from its inherited environment when it first imports Prefect.
SERVED_RUN_ENVIRON = {progress.SERVED_RUN_ENV: "1", "PREFECT_LOGGING_EXTRA_LOGGERS": "fundguard"}


@contextlib.contextmanager
def _environ(values: dict[str, str]) -> Iterator[None]:
    """``values`` in this process (and the flow runs it starts) for the duration of the block."""
    before = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value

"""Progress of long steps: log lines by default, a rich display only on a terminal."""

from __future__ import annotations

import io
import logging
import re
import threading
from collections.abc import Iterator

import pytest

from fundguard.ops import progress


@pytest.fixture
def info_logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.INFO, logger="fundguard.ops.progress")
    return caplog


def _messages(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "fundguard.ops.progress"]


def test_without_a_terminal_a_track_logs_its_start_and_its_counts(info_logs) -> None:
    with progress.track("规则计算", total=3) as bar:
        for _ in bar.iterate(range(3)):
            pass
    start, done = _messages(info_logs)
    assert start == "progress start label=规则计算 total=3"
    assert done.startswith("progress done label=规则计算 done=3 total=3 seconds=")


def test_long_steps_log_their_counts_in_between(info_logs, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress, "LOG_EVERY_SECONDS", 0.0)
    with progress.track("读取入库文件", total=2) as bar:
        bar.advance()
        bar.advance()
    assert [m.split(" seconds=")[0] for m in _messages(info_logs)[1:3]] == [
        "progress label=读取入库文件 done=1 total=2", "progress label=读取入库文件 done=2 total=2"]


def test_a_failing_step_is_logged_as_failed_and_the_error_propagates(caplog) -> None:
    with pytest.raises(ValueError), progress.track("报告") as bar:
        bar.advance(4)
        raise ValueError("x")
    failed = [r for r in caplog.records if r.name == "fundguard.ops.progress"]
    assert [(r.levelno, r.getMessage().split(" seconds=")[0]) for r in failed] == [
        (logging.WARNING, "progress failed label=报告 done=4 total=?")]


def test_advances_from_worker_threads_all_count() -> None:
    with progress.track("规则计算", total=800) as bar:
        threads = [threading.Thread(target=lambda: [bar.advance() for _ in range(100)]) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert bar.done == 800


def test_terminal_falls_back_to_logging_without_a_tty(info_logs) -> None:
    # pytest captures stdout: not a TTY
    with progress.terminal() as shown, progress.track("入库与质量校验"):
        pass
    assert shown is False
    assert _messages(info_logs)[0] == "progress start label=入库与质量校验 total=?"


@pytest.mark.parametrize("env", [progress.PREFECT_RUN_ENV, progress.SERVED_RUN_ENV])
def test_a_prefect_flow_run_process_never_draws(env: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    assert progress.use_terminal() is True
    monkeypatch.setenv(env, "1")
    assert progress.use_terminal() is False


@pytest.fixture
def logger_levels() -> Iterator[None]:
    loggers = [logging.getLogger("fundguard"), progress.log]
    before = [lg.level for lg in loggers]
    yield
    for lg, level in zip(loggers, before, strict=True):
        lg.setLevel(level)


def test_a_served_run_logs_progress_at_info_whatever_the_logging_set_up(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, logger_levels: None) -> None:
    monkeypatch.setenv(progress.SERVED_RUN_ENV, "1")
    progress.log.setLevel(logging.NOTSET)
    logging.getLogger("fundguard").setLevel(logging.WARNING)  # as the CLI leaves it
    with progress.track("异常模型", total=1) as bar:
        bar.advance()
    assert [r.getMessage().split(" seconds=")[0] for r in caplog.records
            if r.name == "fundguard.ops.progress"][-1] == "progress done label=异常模型 done=1 total=1"


def _recording_console():
    from rich.console import Console

    return Console(file=io.StringIO(), force_terminal=True, width=100, color_system=None)


def test_on_a_terminal_each_step_is_a_line_with_label_counts_and_elapsed_time(info_logs) -> None:
    console = _recording_console()
    with progress.terminal(console, force=True) as shown:
        with progress.track("规则", total=None), progress.track("规则计算", total=5) as bar:
            bar.advance(5)
        with pytest.raises(RuntimeError), progress.track("报告"):
            raise RuntimeError("x")
    final_frame = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "\n", console.file.getvalue().split("\x1b[1A")[-1])
    screen = [line for line in final_frame.splitlines() if line.strip()]
    assert shown is True and len(screen) == 3
    assert screen[0].split() == ["✓", "规则", "━" * 24, "耗时", "0:00:00"]  # no total: no count
    assert screen[1].split() == ["✓", "规则计算", "━" * 24, "5/5", "耗时", "0:00:00"]
    assert screen[2].split()[:3] == ["✗", "失败", "报告"]
    assert _messages(info_logs) == []  # the display replaces the log lines


def test_stage_labels_are_those_of_the_code_list(duck) -> None:
    rows = duck.execute("select code, label_zh from code_list where code_type = 'pipeline_stage'").fetchall()
    assert dict(rows) == progress.STAGE_LABELS

"""Progress of long steps: a rich display on an operator's terminal, log lines everywhere else.

Stages and loops call ``track``; they never know where the progress goes::

    with progress.track("规则计算", total=len(rules)) as bar:
        for rule in rules:
            ...
            bar.advance()

By default (cron, Prefect workers, tests, pipes) a track logs its start, its counts at most every
``LOG_EVERY_SECONDS`` and its end with the elapsed time on this module's logger (INFO).
Only a command that owns the terminal turns the rich display on, with ``terminal()``: then each
track is one line (spinner or bar, Chinese label, done/total, elapsed time) that stays on screen
when it ends.  ``terminal()`` falls back to logging when stdout is not a TTY or the process runs a
Prefect flow run (a worker or ``serve`` subprocess).
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")

LOG_EVERY_SECONDS = 10.0
# Set in the process of a Prefect flow run started by a worker.
PREFECT_RUN_ENV = "PREFECT__FLOW_RUN_ID"
# Set by ``fundguard schedule`` for the runs it serves: they log progress at INFO (to the Prefect UI).
SERVED_RUN_ENV = "FUNDGUARD_PROGRESS_LOG"
# Chinese labels of the pipeline stages (the same as code_list 'pipeline_stage'; a test checks it).
STAGE_LABELS: dict[str, str] = {
    "ingest": "入库与质量校验", "rules": "规则", "anomaly": "异常模型", "cases": "案件",
    "credit": "信用", "reports": "报告",
}

_display_lock = threading.Lock()
_display: Any = None  # the rich Progress of the active ``terminal()``, or None (log lines)


class Tracker:
    """Counts done items of one tracked step (thread-safe); reports them to the display or the log."""

    def __init__(self, label_zh: str, total: int | None, task_id: Any = None) -> None:
        self.label = label_zh
        self.total = total
        self.done = 0
        self.started = time.perf_counter()
        self._task_id = task_id
        self._lock = threading.Lock()
        self._logged_at = self.started

    @property
    def seconds(self) -> float:
        return time.perf_counter() - self.started

    def advance(self, n: int = 1) -> None:
        """Count ``n`` more items done."""
        with self._lock:
            self.done += n
            now = time.perf_counter()
            due = now - self._logged_at >= LOG_EVERY_SECONDS
            if due:
                self._logged_at = now
        display = _display
        if self._task_id is not None and display is not None:
            display.advance(self._task_id, n)
        elif due:
            log.info("progress label=%s done=%d total=%s seconds=%.1f", self.label, self.done,
                     self.total if self.total is not None else "?", self.seconds)

    def iterate(self, items: Iterable[T]) -> Iterator[T]:
        """Yield ``items``, counting each one done once the caller has consumed it."""
        for item in items:
            yield item
            self.advance()


@contextmanager
def track(label_zh: str, total: int | None = None) -> Iterator[Tracker]:
    """Track one long step: a display line on a terminal, start/progress/end log lines otherwise."""
    display = _display
    task_id = None
    if display is not None:
        task_id = display.add_task(label_zh, total=total, mark="", counted=total is not None)
    tracker = Tracker(label_zh, total, task_id)
    if task_id is None and _in_flow_run_process() and log.level == logging.NOTSET:
        log.setLevel(logging.INFO)  # a scheduled run: progress lines reach the Prefect UI
    if task_id is None:
        log.info("progress start label=%s total=%s", label_zh, total if total is not None else "?")
    try:
        yield tracker
    except BaseException:
        _finish(tracker, display, failed=True)
        raise
    _finish(tracker, display, failed=False)


def _finish(tracker: Tracker, display: Any, *, failed: bool) -> None:
    if tracker._task_id is not None and display is not None:
        total = tracker.total if tracker.total is not None else max(tracker.done, 1)
        display.update(tracker._task_id, total=total, completed=tracker.done if failed else total,
                       mark="[red]✗ 失败[/]" if failed else "[green]✓[/]")
        display.stop_task(tracker._task_id)
        return
    log.log(logging.WARNING if failed else logging.INFO,
            "progress %s label=%s done=%d total=%s seconds=%.1f", "failed" if failed else "done",
            tracker.label, tracker.done, tracker.total if tracker.total is not None else "?",
            tracker.seconds)


def _in_flow_run_process() -> bool:
    return bool(os.environ.get(PREFECT_RUN_ENV) or os.environ.get(SERVED_RUN_ENV))


def use_terminal() -> bool:
    """True when a rich display makes sense: stdout is a TTY and this is no Prefect flow-run process."""
    return sys.stdout.isatty() and not _in_flow_run_process()


def _columns() -> list[Any]:
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )
    from rich.text import Text

    class StateColumn(SpinnerColumn):
        """A spinner while the step runs, then its mark (✓ or ✗ 失败)."""

        def render(self, task: Any) -> Any:
            if task.stop_time is not None:
                return Text.from_markup(task.fields.get("mark", ""))
            return super().render(task)

    class CountColumn(MofNCompleteColumn):
        """done/total for counted steps; nothing for a step tracked without a total."""

        def render(self, task: Any) -> Any:
            return super().render(task) if task.fields.get("counted") else Text("")

    return [StateColumn(), TextColumn("[bold]{task.description}"), BarColumn(bar_width=24),
            CountColumn(), TextColumn("耗时"), TimeElapsedColumn()]


@contextmanager
def terminal(console: Any = None, *, force: bool = False) -> Iterator[bool]:
    """Show every ``track`` of this process on the terminal while the block runs.

    Yields True when the rich display is on, False when tracks keep logging (no TTY, Prefect
    flow-run process).  ``console``/``force`` are for tests (a recording console).
    """
    global _display
    if not (force or use_terminal()):
        yield False
        return
    from rich.progress import Progress

    with _display_lock:
        nested = _display is not None  # the outer display shows everything
        if not nested:
            display = Progress(*_columns(), console=console, transient=False, refresh_per_second=4)
            _display = display
    if nested:
        yield True
        return
    try:
        with display:
            yield True
    finally:
        with _display_lock:
            _display = None

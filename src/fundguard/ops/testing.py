"""Deterministic kill points for the crash-safety tests (inactive unless the test env sets them).

``FG_TEST_PAUSE_AT=<point>[@<n>]`` makes the n-th (default first) call of ``pause_point(<point>)``
in the process write ``FG_TEST_PAUSE_MARKER`` (a file path) and sleep ``FG_TEST_PAUSE_SECONDS``
(default 300), so a test can SIGKILL the process at exactly that point.  Points:

- ``rules:persist``   inside the rules stage's write transaction, after every rule's findings and
  execution rows were written
- ``anomaly:write``   inside the anomaly stage's transaction, after a month was scored and written
- ``stage:<name>:start`` / ``stage:<name>:done``  before stage <name> runs / after it returned (its
  data committed) and before it is recorded in ``run_stage``
"""

from __future__ import annotations

import os
import time
from collections import Counter
from pathlib import Path

PAUSE_AT_ENV = "FG_TEST_PAUSE_AT"
PAUSE_MARKER_ENV = "FG_TEST_PAUSE_MARKER"
PAUSE_SECONDS_ENV = "FG_TEST_PAUSE_SECONDS"

_calls: Counter[str] = Counter()


def pause_point(point: str) -> None:
    """Pause here when the test environment asks for this point (no-op otherwise)."""
    wanted = os.environ.get(PAUSE_AT_ENV)
    if not wanted:
        return
    name, _, nth = wanted.partition("@")
    if name != point:
        return
    _calls[point] += 1
    if _calls[point] != int(nth or 1):
        return
    marker = os.environ.get(PAUSE_MARKER_ENV)
    if marker:
        Path(marker).write_text(point, encoding="utf-8")
    time.sleep(float(os.environ.get(PAUSE_SECONDS_ENV, "300")))

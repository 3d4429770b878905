"""Where ingest time goes: one ``ingest_inbox`` run with wall and CPU seconds per phase.

    .venv/bin/python bench/profile_ingest.py INBOX VAR_DIR [--keep]

``VAR_DIR`` is emptied first unless ``--keep`` (then the batch goes into the database already there,
as a nightly run would).  Prints rows, seconds, rows/s, CPU seconds, peak RSS and the 1-minute load
average before and after, then the phases (nested: a phase's time includes the phases it calls).
Figures and how they were taken: docs/ingest_performance.md.  Not a test; run it on a quiet machine.
"""

from __future__ import annotations

import argparse
import functools
import os
import resource
import shutil
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

WALL: Counter[str] = Counter()
CPU: Counter[str] = Counter()
CALLS: Counter[str] = Counter()


def _timed(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            WALL[name] += time.perf_counter() - wall
            CPU[name] += time.process_time() - cpu
            CALLS[name] += 1
    return wrapper


def _instrument() -> None:
    from fundguard.ingest import apply, loader, stager, staging
    from fundguard.quality import gx_suite, validate

    phases = {
        stager: ["file_sha256", "read_source", "cast_frame", "with_ids"],
        staging: ["stage_rows", "hash_insured_ids"],
        loader: ["_run_gate", "_load", "_write_summary"],
        validate: ["validate_table", "_chunk", "_record"],
        apply: ["quarantine_duplicates", "load_table"],
    }
    for module, names in phases.items():
        for name in names:
            setattr(module, name, _timed(f"{module.__name__.rsplit('.', 1)[-1]}.{name}", getattr(module, name)))
    for cls, name in ((stager.Stager, "add"), (stager.Stager, "flush"), (stager.Stager, "fill_raw_records"),
                      (gx_suite.SuiteRunner, "__init__"), (gx_suite.SuiteRunner, "failures")):
        setattr(cls, name, _timed(f"{cls.__name__}.{name}", getattr(cls, name)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inbox", type=Path)
    parser.add_argument("var_dir", type=Path)
    parser.add_argument("--keep", action="store_true", help="ingest into the database already in VAR_DIR")
    args = parser.parse_args()
    if not args.keep:
        shutil.rmtree(args.var_dir, ignore_errors=True)
    _instrument()
    from fundguard.ingest.loader import ingest_inbox
    from fundguard.settings import Settings

    load_before = os.getloadavg()[0]
    wall, cpu = time.perf_counter(), time.process_time()
    report = ingest_inbox(Settings(var_dir=args.var_dir), args.inbox)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"status={report.status} files={len(report.files)} rows_read={report.rows_read}"
          f" loaded={report.rows_loaded} quarantined={report.rows_quarantined}")
    print(f"seconds={wall:.1f} rows/s={report.rows_read / wall:,.0f} cpu_seconds={cpu:.1f}"
          f" peak_rss_mb={rss_mb:,.0f} load_1min={load_before:.2f}->{os.getloadavg()[0]:.2f}")
    for name, seconds in WALL.most_common():
        print(f"  {name:32s} {seconds:8.2f} s wall {CPU[name]:8.2f} s cpu  calls={CALLS[name]}")


if __name__ == "__main__":
    main()

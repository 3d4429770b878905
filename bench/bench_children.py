"""Steps of ``bench/run_bench.py`` that run in their own child process (one peak RSS each).

Each step takes the benchmark settings and a JSON payload and returns a JSON-able dict.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

REFERENCE_RULES = ("split_admission", "duplicate_charge", "price_over_cap", "outpatient_during_stay",
                   "frequency_over_limit")


def _cpu() -> float:
    """CPU seconds of this process so far (every thread: DuckDB's workers run in-process)."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _threads(con: Any) -> int:
    return int(con.execute("select current_setting('threads')").fetchall()[0][0])


def _one(con: Any, settings: Any, name: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
    from fundguard.db.sql_files import bind, sql_text

    text = sql_text(settings.sql_dir, f"bench/{name}")
    cur = con.execute(text, bind(text, params or {}))
    names = [d[0] for d in cur.description]
    return dict(zip(names, cur.fetchall()[0], strict=True))


def _ctx(payload: dict[str, Any]) -> Any:
    from fundguard.ops.context import RunContext

    end = date.fromisoformat(payload["period_end"])
    return RunContext(run_id=payload["run_id"], run_date=end,
                      period_start=date.fromisoformat(payload["period_start"]), period_end=end,
                      full=True)


def ingest(settings: Any, payload: dict[str, Any]) -> dict[str, Any]:
    """Ingest the inbox (quality gate included) through the ingest stage of a bench run."""
    from fundguard.db.connection import connect
    from fundguard.ops.context import RunContext
    from fundguard.ops.runs import execute_stage, start_run

    today = datetime.now().astimezone().date()
    run_id = start_run(settings, "bench-ingest", today, {"inbox": str(settings.inbox_path)})
    ctx = RunContext(run_id=run_id, run_date=today, inbox=settings.inbox_path)
    clock, cpu = time.perf_counter(), _cpu()
    counts = execute_stage(settings, ctx, "ingest")
    seconds, cpu = time.perf_counter() - clock, _cpu() - cpu
    with connect(settings) as con:
        span = _one(con, settings, "data_span")
        threads = _threads(con)
    return {"seconds": round(seconds, 1), "cpu_seconds": round(cpu, 1), "rows": counts.get("rows_read"),
            "fee_lines": span["n_fee_lines"], "threads": threads, "counts": counts}


def start_run(settings: Any, payload: dict[str, Any]) -> dict[str, Any]:
    """Open a full-recompute run over the whole settle-date span of the data."""
    from fundguard.db.connection import connect
    from fundguard.ops.runs import analysis_window
    from fundguard.ops.runs import start_run as open_run

    with connect(settings) as con:
        span = _one(con, settings, "data_span")
    start, end = span["period_start"], span["period_end"]
    run_id = open_run(settings, "full", end, {"from": str(start), "to": str(end), "bench": True})
    analysis_window(settings, run_id, "full", end, (start, end))
    with connect(settings) as con:
        in_window = _one(con, settings, "window_fee_lines", {"period_start": start, "period_end": end})
        threads = _threads(con)
    return {"run_id": run_id, "run_date": end, "period_start": start, "period_end": end,
            "n_settlements": span["n_settlements"], "n_fee_lines": span["n_fee_lines"],
            "window_fee_lines": in_window["n_fee_lines"], "threads": threads}


def stage(settings: Any, payload: dict[str, Any]) -> dict[str, Any]:
    """One analysis stage through ``execute_stage`` (recorded in run_stage like a nightly run)."""
    from fundguard.db.connection import connect
    from fundguard.ops.runs import _row_total, execute_stage

    name = payload["stage"]
    clock, cpu = time.perf_counter(), _cpu()
    counts = execute_stage(settings, _ctx(payload), name)
    seconds, cpu = time.perf_counter() - clock, _cpu() - cpu
    out: dict[str, Any] = {"seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2),
                           "rows": _row_total(name, counts), "counts": counts}
    with connect(settings, read_only=True) as con:
        out["threads"] = _threads(con)
        if name == "rules":
            from fundguard.db.sql_files import sql_text

            rows = con.execute(sql_text(settings.sql_dir, "bench/rule_durations"),
                               {"run_id": payload["run_id"]}).fetchall()
            out["rule_ms"] = {r[0]: r[1] for r in rows}
            out["rule_hits"] = {r[0]: r[2] for r in rows}
    return out


def _timed(con: Any, settings: Any, name: str, repeat: int = 2) -> dict[str, Any]:
    seconds, cpus = [], []
    for _ in range(repeat):
        clock, cpu = time.perf_counter(), _cpu()
        row = _one(con, settings, name)
        seconds.append(round(time.perf_counter() - clock, 3))
        cpus.append(round(_cpu() - cpu, 3))
    return {"seconds": min(seconds), "cpu_seconds": min(cpus), "runs": seconds, "result": row}


def floor(settings: Any, payload: dict[str, Any]) -> dict[str, Any]:
    """The bare scans (best of two runs each: the stages also run on a warm page cache)."""
    from fundguard.db.connection import connect

    with connect(settings, read_only=True) as con:
        return {"scan": _timed(con, settings, "floor_scan"),
                "by_setl": _timed(con, settings, "floor_by_setl"), "threads": _threads(con)}


def _keys_dir(settings: Any) -> Path:
    path = settings.var_path.parent / "keys"
    path.mkdir(parents=True, exist_ok=True)
    return path


def fundguard5(settings: Any, payload: dict[str, Any]) -> dict[str, Any]:
    """The five reference rules as fundguard runs them (rule query only), hit keys saved."""
    import polars as pl

    from fundguard.db.connection import connect
    from fundguard.db.sql_files import bind
    from fundguard.rules.runner import RunRequest, rule_params
    from fundguard.rules.stage import load_project_rules

    rules = {r.id: r for r in load_project_rules(settings)}
    ctx = _ctx(payload)
    request = RunRequest(ctx.run_id, ctx.period_start, ctx.period_end, persist=False)
    out: dict[str, Any] = {}
    with connect(settings) as con:
        for rule_id in REFERENCE_RULES:
            rule = rules[rule_id]
            params = rule_params(rule, request)
            clock, cpu = time.perf_counter(), _cpu()
            con.execute(f"create or replace temp table rule_hits as {rule.sql}", bind(rule.sql, params))
            seconds, cpu = time.perf_counter() - clock, _cpu() - cpu
            keys = pl.from_arrow(con.sql(  # identifiers from the rule's validated YAML
                f"select distinct {', '.join(rule.spec.output.key)} from rule_hits").to_arrow_table())
            keys.write_parquet(_keys_dir(settings) / f"fundguard_{rule_id}.parquet")
            out[rule_id] = {"seconds": round(seconds, 3), "cpu_seconds": round(cpu, 3),
                            "hits": keys.height}
        out["threads"] = _threads(con)
    return out


def pandas5(settings: Any, payload: dict[str, Any]) -> dict[str, Any]:
    """The five rules in pandas (load + compute timed), keys compared with fundguard's."""
    import pandas_rules
    import polars as pl

    ctx = _ctx(payload)
    clock, cpu = time.perf_counter(), _cpu()
    tables = pandas_rules.load_tables(settings)
    out: dict[str, Any] = {"load_seconds": round(time.perf_counter() - clock, 2),
                           "load_cpu_seconds": round(_cpu() - cpu, 2),
                           "rows": {k: len(v) for k, v in tables.items()}}
    params = pandas_rules.rule_defaults(settings, REFERENCE_RULES)
    for rule_id in REFERENCE_RULES:
        clock, cpu = time.perf_counter(), _cpu()
        keys = pandas_rules.RULES[rule_id](tables, ctx.period_start, ctx.period_end, params[rule_id])
        seconds, cpu = time.perf_counter() - clock, _cpu() - cpu
        ours = pl.read_parquet(_keys_dir(settings) / f"fundguard_{rule_id}.parquet")
        theirs = set(map(tuple, keys.itertuples(index=False, name=None)))
        fg = set(ours.iter_rows())
        out[rule_id] = {"seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2), "hits": len(theirs),
                        "same_keys": theirs == fg,
                        "only_pandas": sorted(map(str, theirs - fg))[:5],
                        "only_fundguard": sorted(map(str, fg - theirs))[:5]}
    return out


CHILDREN: dict[str, Callable[[Any, dict[str, Any]], dict[str, Any]]] = {
    "ingest": ingest, "start_run": start_run, "stage": stage, "floor": floor,
    "fundguard5": fundguard5, "pandas5": pandas5,
}

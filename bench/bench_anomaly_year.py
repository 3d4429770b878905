"""Anomaly stage on a city-year (issue 5: "scoring a city-year takes < 2 min on 2 cores").

Builds (once, reused) a 360-day database from the 45-day full-scale bench city
(``var/bench/p1500000_d45``, made by ``bench/run_bench.py --persons 1500000 --days 45``): its 45 days
plus 7 copies shifted by 45·k days (k = 1..7) under new ids, so 2026-01-01..2026-12-26 holds ≈ 12.3M
settlements and ≈ 100M fee lines.  Copied: settlements, fee lines, inventory movements (the tables the
feature SQL reads by date) and, when the source database went through the rules stage
(``<source>/var/fundguard.duckdb``), rule findings (event dates shifted; they only feed small
aggregates).  Persons, staff, institutions, staff status and the catalogue are not copied (the same
city, a year later).  The database lives in ``var/bench/anomaly_year/var/fundguard.duckdb``.

Then, each step in its own child process (wall clock, CPU s and peak RSS by ``os.wait4``; load
average before/after), on a fresh copy of the SQL and model spec in ``<workdir>/project`` with the
risk tables emptied first:

1. **train**: the forests trained on the last full month (November, like a nightly run); not part of
   the targets;
2. **span**: ``fundguard.anomaly.stage.score_span`` over the whole year as one period
   (``2026-01..2026-12``: features, models, writes) — what ``fundguard risk score`` does;
3. **month**: November scored in nightly mode (artifacts loaded, 180-day look-back);
   × 12 = the city-year as the nightly scores it.

Each scoring step writes a digest of its risk_score and drift rows (all columns except run id and
timestamps), so two code versions can be compared on the same database (``--compare FILE``).

``make bench-anomaly-year`` runs it under the shared measurement lock (``flock /tmp/fg-measure.lock``);
run by hand the same way.
Usage: .venv/bin/python bench/bench_anomaly_year.py [--source var/bench/p1500000_d45] [--rebuild]
       [--steps train,span,month] [--compare var/bench/anomaly_year/results-….json]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from datetime import date, datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))

from run_bench import _wait_child, load_avg  # noqa: E402

SHIFT_DAYS = 45
COPIES = 8  # the source's 45 days + 7 shifted copies = 360 days
YEAR = (date(2026, 1, 1), date(2026, 12, 31))
MONTH = (date(2026, 11, 1), date(2026, 11, 30))
TARGET_SECONDS = 120
# table -> id columns made unique per copy (suffix "~k"); every TIMESTAMP/DATE column is shifted.
COPIED_TABLES: dict[str, tuple[str, ...]] = {
    "settlement": ("setl_id", "mdtrt_id"),
    "fee_line": ("setl_id", "mdtrt_id"),
    "inventory_movement": ("mov_id", "setl_id"),
    "finding": ("finding_id", "setl_id", "mdtrt_id", "finding_key"),
}
RISK_TABLES = ("risk_score", "risk_feature_drift", "risk_model_run")


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=REPO / "var" / "bench" / "p1500000_d45")
    parser.add_argument("--workdir", type=Path, default=REPO / "var" / "bench" / "anomaly_year")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the year database")
    parser.add_argument("--steps", default="train,span,month")
    parser.add_argument("--compare", type=Path, default=None,
                        help="an earlier results JSON: check the output digests are the same")
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--child-args", default="{}", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.source, args.workdir = args.source.resolve(), args.workdir.resolve()
    return args


def year_db(workdir: Path) -> Path:
    return workdir / "var" / "fundguard.duckdb"  # the benchmark settings' database


def bench_settings(workdir: Path) -> Any:
    from fundguard.settings import Settings

    return Settings(project_dir=workdir / "project", var_dir=workdir / "var")


# Building the year database ----------------------------------------------------------------------

def _shifted_select(con: Any, table: str, k: int) -> str:
    """``select`` of one shifted copy of ``table`` (column names from the catalog, not input)."""
    cols = con.execute("select column_name, data_type from information_schema.columns "
                       "where table_catalog = 'src' and table_schema = 'main' and table_name = $t "
                       "order by ordinal_position", {"t": table}).fetchall()
    ids = COPIED_TABLES[table]
    exprs = []
    for name, dtype in cols:
        if name in ids:
            exprs.append(f"{name} || '~{k}' as {name}")
        elif dtype.startswith("TIMESTAMP"):
            exprs.append(f"{name} + interval {SHIFT_DAYS * k} day as {name}")
        elif dtype == "DATE":
            exprs.append(f"{name} + {SHIFT_DAYS * k} as {name}")
        else:
            exprs.append(name)
    return f"select {', '.join(exprs)} from src.{table}"


def build(args: argparse.Namespace) -> dict[str, Any]:
    """Copy the source database and append the shifted copies (≈ 5-10 min at full scale)."""
    import duckdb

    ingested = args.source / "ingested.duckdb"
    ruled = args.source / "var" / "fundguard.duckdb"
    if subprocess.run(["pgrep", "-f", "run_bench.py"], capture_output=True).returncode == 0:
        raise SystemExit("run_bench.py 正在运行 (可能正在改写源数据库), 请稍后再试")
    if not ingested.exists():
        raise SystemExit(f"缺少源数据库 {ingested}: 先运行 bench/run_bench.py --persons 1500000 "
                         "--days 45")
    base = ruled if ruled.exists() else ingested
    target = year_db(args.workdir)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".building")
    partial.unlink(missing_ok=True)
    started = time.perf_counter()
    shutil.copy(base, partial)
    con = duckdb.connect(str(partial))
    con.execute("set memory_limit = '8GB'")
    con.execute("attach $p as src (read_only)", {"p": str(base)})
    for table in COPIED_TABLES:
        if table == "finding" and base == ingested:
            continue
        for k in range(1, COPIES):
            con.execute(f"insert into {table} {_shifted_select(con, table, k)}")
        print(f"  {table}: {con.execute(f'select count(*) from {table}').fetchall()[0][0]:,} 行",
              flush=True)
    span = con.execute("select min(setl_time)::date, max(setl_time)::date, count(*) "
                       "from settlement").fetchall()[0]
    n_lines = con.execute("select count(*) from fee_line").fetchall()[0][0]
    con.execute("checkpoint")
    con.close()
    partial.rename(target)
    info = {"source": str(base), "copies": COPIES, "shift_days": SHIFT_DAYS,
            "first_day": str(span[0]), "last_day": str(span[1]), "settlements": span[2],
            "fee_lines": n_lines, "findings_copied": base == ruled,
            "build_seconds": round(time.perf_counter() - started, 1),
            "built_at": datetime.now().isoformat(timespec="seconds")}
    (args.workdir / "year.json").write_text(json.dumps(info, indent=1), encoding="utf-8")
    return info


def refresh_project(workdir: Path) -> None:
    """A fresh copy of the checkout's SQL and model spec (artifacts of earlier runs are dropped)."""
    project = workdir / "project"
    shutil.rmtree(project, ignore_errors=True)
    for name in ("sql", "models"):
        shutil.copytree(REPO / name, project / name, ignore=shutil.ignore_patterns("artifacts"))


# Child steps -------------------------------------------------------------------------------------

def _cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _digest(con: Any, run_id: str) -> dict[str, Any]:
    """Row counts and an order-independent hash of the run's risk_score and drift rows."""
    out: dict[str, Any] = {}
    for table, skip in (("risk_score", "run_id, scored_at"),
                        ("risk_feature_drift", "run_id, computed_at")):
        row = con.execute(f"select count(*), bit_xor(hash(t)) from (select * exclude ({skip}) "
                          f"from {table} where run_id = $r) as t", {"r": run_id}).fetchall()[0]
        out[table] = {"rows": row[0], "hash": str(row[1])}
    return out


def child_step(settings: Any, payload: dict[str, Any]) -> dict[str, Any]:
    from fundguard.anomaly import stage
    from fundguard.anomaly.features import month_windows, span_window
    from fundguard.db.connection import connect
    from fundguard.ops.context import RunContext

    step = payload["step"]
    clock, cpu = time.perf_counter(), _cpu()
    if step == "train":
        counts: dict[str, Any] = stage.train_models(settings, month_windows(*MONTH)[0])
    elif step == "span":
        counts = stage.score_span(settings, "bench-span", span_window(*YEAR))
    else:
        ctx = RunContext("bench-month", MONTH[1], MONTH[0], MONTH[1])
        counts = stage.run(settings, ctx)
    seconds, cpu = time.perf_counter() - clock, _cpu() - cpu
    out = {"seconds": round(seconds, 1), "cpu_seconds": round(cpu, 1), "counts": counts}
    if step != "train":
        with connect(settings, read_only=True) as con:
            out["digest"] = _digest(con, f"bench-{step}")
    return out


def clear_risk_tables(settings: Any) -> None:
    from fundguard.db.connection import connect

    with connect(settings) as con:
        for table in RISK_TABLES:
            con.execute(f"delete from {table}")


def run_step(args: argparse.Namespace, step: str) -> dict[str, Any]:
    out = args.workdir / "child" / f"{step}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.unlink(missing_ok=True)
    cmd = [sys.executable, str(Path(__file__).resolve()), "--workdir", str(args.workdir),
           "--child", step, "--child-args", json.dumps({"step": step, "out": str(out)})]
    return _wait_child(cmd, out)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    if args.child:
        payload = json.loads(args.child_args)
        result = child_step(bench_settings(args.workdir), payload)
        Path(payload["out"]).write_text(json.dumps(result, default=str), encoding="utf-8")
        return 0
    info_path = args.workdir / "year.json"
    if args.rebuild or not year_db(args.workdir).exists() or not info_path.exists():
        print("构建城市年度数据库 ...", flush=True)
        info = build(args)
    else:
        info = json.loads(info_path.read_text(encoding="utf-8"))
    print(f"年度数据库: {info['first_day']}..{info['last_day']}, {info['settlements']:,} 笔结算, "
          f"{info['fee_lines']:,} 条费用明细", flush=True)
    refresh_project(args.workdir)
    settings = bench_settings(args.workdir)
    clear_risk_tables(settings)
    steps: dict[str, Any] = {}
    for step in args.steps.split(","):
        print(f"步骤 {step} ...", flush=True)
        steps[step] = run_step(args, step)
        r = steps[step]
        print(f"  {r['seconds']} s, CPU {r['cpu_seconds']} s, 峰值内存 {r['peak_rss_mb']} MB, "
              f"负载 {r['load_before'][0]}→{r['load_after'][0]}, {r.get('counts')}", flush=True)
    result = {"year": info, "steps": steps, "cpus": os.cpu_count(), "load_end": load_avg(),
              "measured_at": datetime.now().isoformat(timespec="seconds")}
    if "span" in steps:
        result["span_under_target"] = steps["span"]["seconds"] < TARGET_SECONDS
    if "month" in steps:
        result["monthly_year_seconds"] = round(12 * steps["month"]["seconds"], 1)
        result["monthly_year_cpu_seconds"] = round(12 * steps["month"]["cpu_seconds"], 1)
    if args.compare:
        before = json.loads(args.compare.read_text(encoding="utf-8"))["steps"]
        result["same_outputs"] = {s: before[s].get("digest") == steps[s].get("digest")
                                  for s in steps if s in before and "digest" in steps[s]}
        print("与之前输出一致:", result["same_outputs"])
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    path = args.workdir / f"results-{stamp}.json"
    path.write_text(json.dumps(result, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    print(f"结果已写入 {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

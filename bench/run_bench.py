"""`make bench`: end-to-end benchmark of fundguard on a generated synthetic city.

Generates the city (``fundguard generate``), ingests it (quality gate included), then runs every
analysis stage over the whole data span (a full recompute: rules, anomaly, cases, credit, reports),
each stage in its own child process so its peak RSS is its own (``os.wait4`` rusage).  In the same run
it measures two references on the same database:

* the floor: one bare DuckDB scan aggregating every fee line (``sum``/``count``; also grouped by setl);
* a pandas implementation of five rules (split_admission, duplicate_charge, price_over_cap,
  outpatient_during_stay, frequency_over_limit) reading the same tables, whose hit keys are checked
  against fundguard's own hits of the same rules.

Prints a table (stage, rows, fee lines, seconds, fee lines/min/core, peak RSS) and the ratios, and
writes ``<workdir>/results.json`` plus ``var/bench/bench-<timestamp>.{json,md}``.

Usage::

    make bench                                                   # full city-year (1.5M persons x 365 d)
    make bench BENCH_ARGS="--days 80"                            # >= 10M fee lines at full scale
    .venv/bin/python bench/run_bench.py --persons 20000 --days 30   # quick run (~1 min)
    .venv/bin/python bench/run_bench.py --workdir var/bench/p1500000_d80   # reuse city + ingested DB

``--workdir`` (default ``var/bench/p<persons>_d<days>``) holds ``city/`` (the generated inbox),
``ingested.duckdb`` (the database right after ingest) and ``stages.json`` (earlier generate/ingest
figures).  A city or ingested database already there is reused (its earlier figures are shown, marked
``reused``); ``--regenerate`` / ``--reingest`` force the step.  The analysis stages always start from
a fresh copy of ``ingested.duckdb`` in ``<workdir>/var/``.  Cores = DuckDB threads (``--threads``,
default all cores).  The machine's load average is recorded before and after each step.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))

from bench_report import render_markdown, render_table, write_outputs  # noqa: E402

ANALYSIS_STAGES = ("rules", "anomaly", "cases", "credit", "reports")
FULL_SCALE_PERSONS = 1_500_000


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=FULL_SCALE_PERSONS)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--start", default="2026-01-01")
    parser.add_argument("--seed", type=int, default=20260101)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--threads", type=int, default=None, help="DuckDB threads (default: all)")
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--reingest", action="store_true")
    parser.add_argument("--stages", default=",".join(ANALYSIS_STAGES),
                        help="analysis stages to time (comma-separated)")
    parser.add_argument("--skip-references", action="store_true", help="no floor / pandas reference")
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--child-args", default="{}", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.workdir is None:
        args.workdir = REPO / "var" / "bench" / f"p{args.persons}_d{args.days}"
    args.workdir = args.workdir.resolve()
    return args


def load_avg() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


# Child processes -------------------------------------------------------------------------------

def run_child(args: argparse.Namespace, name: str, payload: dict[str, Any]) -> dict[str, Any]:
    """Run ``name`` in a child process; its JSON result plus wall seconds and peak RSS (MB)."""
    out = args.workdir / "child" / f"{name}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.unlink(missing_ok=True)
    cmd = [sys.executable, str(Path(__file__).resolve()), "--workdir", str(args.workdir),
           "--child", name, "--child-args", json.dumps({**payload, "out": str(out)}, default=str)]
    if args.threads:
        cmd += ["--threads", str(args.threads)]
    return _wait_child(cmd, out)


def _wait_child(cmd: list[str], out: Path, env: dict[str, str] | None = None) -> dict[str, Any]:
    before = load_avg()
    clock = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - clock
    if proc.returncode != 0:
        raise SystemExit(f"子进程失败 ({proc.returncode}): {' '.join(cmd[:6])}")
    result = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
    return {**result, "wall_seconds": round(wall, 1), "peak_rss_mb": round(usage.ru_maxrss / 1024),
            "process_cpu_seconds": round(usage.ru_utime + usage.ru_stime, 1),
            "load_before": before, "load_after": load_avg()}


def bench_settings(workdir: Path, threads: int | None) -> Any:
    from fundguard.settings import DatabaseSettings, Settings

    return Settings(project_dir=REPO, var_dir=workdir / "var", inbox=workdir / "city",
                    db=DatabaseSettings(threads=threads))


def child_main(args: argparse.Namespace) -> None:
    import bench_children

    payload = json.loads(args.child_args)
    settings = bench_settings(args.workdir, args.threads)
    result = bench_children.CHILDREN[args.child](settings, payload)
    Path(payload["out"]).write_text(json.dumps(result, ensure_ascii=False, default=str),
                                    encoding="utf-8")


# Generate and ingest (reusable) --------------------------------------------------------------

def city_matches(args: argparse.Namespace) -> bool:
    manifest = args.workdir / "city" / "MANIFEST.json"
    if not manifest.exists():
        return False
    m = json.loads(manifest.read_text(encoding="utf-8"))
    return (m.get("persons"), m.get("days"), m.get("seed"), m.get("start")) == (
        args.persons, args.days, args.seed, args.start)


def manifest_fee_lines(city: Path) -> int:
    m = json.loads((city / "MANIFEST.json").read_text(encoding="utf-8"))
    return sum(v["rows"] for k, v in m["files"].items() if k.startswith("fee_line/"))


def generate(args: argparse.Namespace, stages: dict[str, Any]) -> None:
    city = args.workdir / "city"
    if city_matches(args) and not args.regenerate and "generate" in stages:
        stages["generate"]["reused"] = True
        return
    if city.exists() and not city_matches(args):
        raise SystemExit(f"{city} 中已有参数不同的合成城市; 请换 --workdir 或删除该目录。")
    cmd = [str(REPO / ".venv" / "bin" / "fundguard"), "generate", "--out", str(city),
           "--persons", str(args.persons), "--days", str(args.days), "--start", args.start,
           "--seed", str(args.seed)]
    print("生成合成城市:", " ".join(cmd[2:]), flush=True)
    marker = args.workdir / "child" / "generate.json"
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text("{}", encoding="utf-8")
    result = _wait_child(cmd, marker)
    n = manifest_fee_lines(city)
    stages["generate"] = {**result, "seconds": result["wall_seconds"],
                          "cpu_seconds": result["process_cpu_seconds"], "rows": n, "fee_lines": n,
                          "measured_at": datetime.now().isoformat(timespec="seconds")}
    (args.workdir / "ingested.duckdb").unlink(missing_ok=True)
    stages.pop("ingest", None)


def ingest(args: argparse.Namespace, stages: dict[str, Any]) -> None:
    snapshot = args.workdir / "ingested.duckdb"
    if snapshot.exists() and not args.reingest and "ingest" in stages:
        stages["ingest"]["reused"] = True
        return
    var = args.workdir / "var"
    shutil.rmtree(var, ignore_errors=True)
    print("入库 (含质量门禁) ...", flush=True)
    result = run_child(args, "ingest", {})
    shutil.copyfile(var / "fundguard.duckdb", snapshot)
    stages["ingest"] = {**result, "measured_at": datetime.now().isoformat(timespec="seconds")}


def fresh_database(args: argparse.Namespace) -> None:
    var = args.workdir / "var"
    for name in ("fundguard.duckdb", "fundguard.duckdb.wal"):
        (var / name).unlink(missing_ok=True)
    shutil.rmtree(var / "reports", ignore_errors=True)
    var.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(args.workdir / "ingested.duckdb", var / "fundguard.duckdb")


# Main ------------------------------------------------------------------------------------------

def analysis(args: argparse.Namespace) -> tuple[dict[str, Any], dict[str, Any]]:
    """Time the analysis stages (one child each) and the references, on a fresh ingested copy."""
    fresh_database(args)
    run = run_child(args, "start_run", {})
    ctx = {k: run[k] for k in ("run_id", "run_date", "period_start", "period_end")}
    stages: dict[str, Any] = {}
    for stage in [s for s in args.stages.split(",") if s]:
        print(f"阶段 {stage} ...", flush=True)
        stages[stage] = run_child(args, "stage", {**ctx, "stage": stage})
    refs: dict[str, Any] = {"window": run}
    if not args.skip_references:
        print("参照: 裸扫描 / fundguard 5 条规则 / pandas 5 条规则 ...", flush=True)
        refs["floor"] = run_child(args, "floor", ctx)
        refs["fundguard5"] = run_child(args, "fundguard5", ctx)
        refs["pandas5"] = run_child(args, "pandas5", ctx)
    return stages, refs


def main(argv: list[str]) -> None:
    args = parse_args(argv)
    if args.child:
        child_main(args)
        return
    args.workdir.mkdir(parents=True, exist_ok=True)
    stages_file = args.workdir / "stages.json"
    stages = json.loads(stages_file.read_text(encoding="utf-8")) if stages_file.exists() else {}
    from fundguard.db.connection import writer_lock

    settings = bench_settings(args.workdir, args.threads)
    started = datetime.now()
    with writer_lock(settings, job=f"bench {args.workdir.name}"):
        generate(args, stages)
        stages_file.write_text(json.dumps(stages, ensure_ascii=False, indent=1), encoding="utf-8")
        ingest(args, stages)
        stages_file.write_text(json.dumps(stages, ensure_ascii=False, indent=1), encoding="utf-8")
        analysed, refs = analysis(args)
    results = {"started_at": started.isoformat(timespec="seconds"), "workdir": str(args.workdir),
               "params": {"persons": args.persons, "days": args.days, "start": args.start,
                          "seed": args.seed, "threads": args.threads},
               "machine": {"cpus": os.cpu_count(), "load_end": load_avg()},
               "stages": {**{k: stages[k] for k in ("generate", "ingest") if k in stages}, **analysed},
               "references": refs}
    print(render_table(results))
    write_outputs(results, args.workdir, REPO / "var" / "bench", render_markdown(results))


if __name__ == "__main__":
    main(sys.argv[1:])

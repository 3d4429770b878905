"""Benchmark of the whole rule library: fee lines per minute per core and peak memory.

Builds a deterministic benchmark city directly in a DuckDB file (``--lines`` fee lines, 10 per
settlement) or uses an existing database (``--db``, e.g. a generated and ingested city), then runs
every enabled rule over ``--from``..``--to`` and prints one JSON line with the figures.

    .venv/bin/python bench/bench_rules.py --lines 10000000 --workdir var/bench
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def build_city(db_path: Path, n_lines: int, threads: int | None) -> None:
    import duckdb

    from fundguard.db.migrate import apply_migrations
    from fundguard.db.sql_files import bind, sql_text

    per_settlement = 10
    n_settlements = max(n_lines // per_settlement, 1)
    params = {"n_persons": max(n_settlements // 6, 100), "n_settlements": n_settlements,
              "lines_per_settlement": per_settlement}
    con = duckdb.connect(str(db_path))
    if threads:
        con.execute(f"set threads = {int(threads)}")
    apply_migrations(con, REPO / "sql")
    for name in ("bench_reference", "bench_transactions"):
        for statement in sql_text(REPO / "sql", f"rules_support/{name}").split(";\n"):
            if statement.strip():
                con.execute(statement, bind(statement, params))
    con.close()


def clear_results(db_path: Path) -> None:
    """Empty the result tables of a benchmark database built by this script (never of --db)."""
    import duckdb

    con = duckdb.connect(str(db_path))
    for table in ("finding", "finding_line", "rule_execution"):
        con.execute(f"delete from {table}")
    con.close()


def run_suite(db_path: Path, start: date, end: date, threads: int | None) -> dict[str, object]:
    import duckdb

    from fundguard.rules.catalog import known_schemes, load_catalog
    from fundguard.rules.runner import RunRequest, run_rules

    rules = load_catalog(REPO / "rules", known_schemes=known_schemes(REPO / "config"))
    con = duckdb.connect(str(db_path))
    if threads:
        con.execute(f"set threads = {int(threads)}")
    con.execute("set memory_limit = '8GB'")
    from fundguard.db.migrate import apply_migrations

    apply_migrations(con, REPO / "sql")
    n_lines = con.execute("select count(*) from fee_line").fetchone()[0]
    started = time.perf_counter()
    results = run_rules(con, rules, RunRequest("bench", start, end), REPO / "sql")
    seconds = time.perf_counter() - started
    con.close()
    cores = threads or os.cpu_count() or 1
    slowest = sorted(results, key=lambda r: r.duration_ms, reverse=True)[:5]
    return {
        "fee_lines": n_lines, "rules": len(results), "seconds": round(seconds, 1), "cores": cores,
        "lines_per_min_per_core": round(n_lines / (seconds / 60) / cores),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "errors": [r.rule_id for r in results if r.outcome == "error"],
        "findings": sum(r.n_hits for r in results),
        "slowest_ms": {r.rule_id: r.duration_ms for r in slowest},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--workdir", type=Path, default=REPO / "var" / "bench")
    parser.add_argument("--db", type=Path, default=None, help="existing database instead of building")
    parser.add_argument("--from", dest="start", type=date.fromisoformat, default=date(2025, 1, 1))
    parser.add_argument("--to", dest="end", type=date.fromisoformat, default=date(2025, 12, 31))
    parser.add_argument("--threads", type=int, default=None)
    args = parser.parse_args()
    db_path = args.db
    if db_path is None:
        args.workdir.mkdir(parents=True, exist_ok=True)
        db_path = args.workdir / f"bench_{args.lines}.duckdb"
        if not db_path.exists():
            build_city(db_path, args.lines, args.threads)
        clear_results(db_path)
    print(json.dumps(run_suite(db_path, args.start, args.end, args.threads), ensure_ascii=False))


if __name__ == "__main__":
    main()

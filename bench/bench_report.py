"""Table, ratios and output files of ``bench/run_bench.py``."""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any

STAGE_ORDER = ("generate", "ingest", "rules", "anomaly", "cases", "credit", "reports")
ANALYSIS = ("rules", "anomaly", "cases", "credit", "reports")
TARGETS = {
    "rules_lines_per_min_per_core": 20_000_000,
    "rules_over_floor_max": 10.0,
    "pandas_over_rules_min": 20.0,
    "full_recompute_seconds_max": 300,
    "peak_rss_mb_max": 8192,
}


def _cores(entry: dict[str, Any]) -> int:
    return int(entry.get("threads") or os.cpu_count() or 1)


def _per_min_core(lines: int | None, seconds: float | None, cores: int) -> int | None:
    if not lines or not seconds:
        return None
    return round(lines / (seconds / 60) / cores)


def stage_rows(results: dict[str, Any]) -> list[dict[str, Any]]:
    window = results["references"].get("window", {})
    window_lines = window.get("window_fee_lines")
    rows = []
    for name in STAGE_ORDER:
        entry = results["stages"].get(name)
        if not entry:
            continue
        lines = entry.get("fee_lines") if name in ("generate", "ingest") else window_lines
        cores = _cores(entry)
        rows.append({
            "stage": name, "rows": entry.get("rows"), "fee_lines": lines,
            "seconds": entry.get("seconds"), "cpu_seconds": entry.get("cpu_seconds"), "cores": cores,
            "lines_per_min_per_core": _per_min_core(lines, entry.get("seconds"), cores),
            "lines_per_cpu_min": _per_min_core(lines, entry.get("cpu_seconds"), 1),
            "peak_rss_mb": entry.get("peak_rss_mb"),
            "load": f"{entry['load_before'][0]}→{entry['load_after'][0]}" if "load_before" in entry else "",
            "note": "reused " + entry.get("measured_at", "") if entry.get("reused") else "",
        })
    return rows


def ratios(results: dict[str, Any]) -> dict[str, Any]:
    refs = results["references"]
    rules = results["stages"].get("rules", {})
    out: dict[str, Any] = {}
    if "floor" in refs and rules.get("seconds"):
        floor = refs["floor"]
        out["rules_over_floor_scan"] = round(rules["seconds"] / floor["scan"]["seconds"], 1)
        out["rules_over_floor_by_setl"] = round(rules["seconds"] / floor["by_setl"]["seconds"], 1)
        if rules.get("cpu_seconds") and floor["scan"].get("cpu_seconds"):
            out["rules_over_floor_scan_cpu"] = round(
                rules["cpu_seconds"] / max(floor["scan"]["cpu_seconds"], 0.001), 1)
            out["rules_over_floor_by_setl_cpu"] = round(
                rules["cpu_seconds"] / max(floor["by_setl"]["cpu_seconds"], 0.001), 1)
    if "pandas5" in refs and "fundguard5" in refs:
        rule_ids = [k for k in refs["fundguard5"] if isinstance(refs["fundguard5"][k], dict)]
        fg = sum(refs["fundguard5"][r]["seconds"] for r in rule_ids)
        compute = sum(refs["pandas5"][r]["seconds"] for r in rule_ids)
        out["fundguard5_seconds"] = round(fg, 2)
        out["pandas5_compute_seconds"] = round(compute, 2)
        out["pandas5_load_seconds"] = refs["pandas5"]["load_seconds"]
        out["pandas_compute_over_fundguard"] = round(compute / fg, 1)
        out["pandas_total_over_fundguard"] = round((compute + refs["pandas5"]["load_seconds"]) / fg, 1)
        out["pandas_same_keys"] = all(refs["pandas5"][r]["same_keys"] for r in rule_ids)
        if all("cpu_seconds" in refs["fundguard5"][r] for r in rule_ids):
            fg_cpu = sum(refs["fundguard5"][r]["cpu_seconds"] for r in rule_ids)
            pd_cpu = sum(refs["pandas5"][r]["cpu_seconds"] for r in rule_ids)
            out["pandas_compute_over_fundguard_cpu"] = round(pd_cpu / max(fg_cpu, 0.001), 1)
    analysis = [results["stages"][s] for s in ANALYSIS if s in results["stages"]]
    if analysis:
        out["full_recompute_seconds"] = round(sum(e["seconds"] for e in analysis), 1)
        out["full_recompute_peak_rss_mb"] = max(e["peak_rss_mb"] for e in analysis)
    return out


def target_checks(results: dict[str, Any]) -> list[tuple[str, str, bool | None]]:
    r = ratios(results)
    rules = next((row for row in stage_rows(results) if row["stage"] == "rules"), {})
    rate = rules.get("lines_per_min_per_core")
    return [
        ("规则全集 ≥ 20M 行/分钟/核", (f"{rate:,} (按 CPU 时间: {rules.get('lines_per_cpu_min') or 0:,})"
                                      if rate else "-"),
         rate >= TARGETS["rules_lines_per_min_per_core"] if rate else None),
        ("规则全集 ≤ 10× 裸扫描", f"{r.get('rules_over_floor_scan')}× (按结算分组: "
         f"{r.get('rules_over_floor_by_setl')}×; CPU: {r.get('rules_over_floor_scan_cpu')}× / "
         f"{r.get('rules_over_floor_by_setl_cpu')}×)",
         r["rules_over_floor_scan"] <= TARGETS["rules_over_floor_max"] if "rules_over_floor_scan" in r else None),
        ("比 pandas 参照快 ≥ 20× (仅计算)", f"{r.get('pandas_compute_over_fundguard')}× (含读表 "
         f"{r.get('pandas_total_over_fundguard')}×; CPU: {r.get('pandas_compute_over_fundguard_cpu')}×)",
         r["pandas_compute_over_fundguard"] >= TARGETS["pandas_over_rules_min"]
         if "pandas_compute_over_fundguard" in r else None),
        ("分析阶段全量重算 ≤ 5 分钟", f"{r.get('full_recompute_seconds')} s",
         r["full_recompute_seconds"] <= TARGETS["full_recompute_seconds_max"]
         if "full_recompute_seconds" in r else None),
        ("各阶段峰值内存 ≤ 8 GB", f"{max((x['peak_rss_mb'] or 0) for x in stage_rows(results))} MB",
         max((x["peak_rss_mb"] or 0) for x in stage_rows(results)) <= TARGETS["peak_rss_mb_max"]),
    ]


def _fmt(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "**no**"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _markdown_rows(headers: list[str], rows: list[list[Any]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(_fmt(v) for v in row) + " |" for row in rows]
    return lines


def render_markdown(results: dict[str, Any]) -> str:
    p = results["params"]
    window = results["references"].get("window", {})
    lines = [f"Benchmark {results['started_at']}: {p['persons']:,} persons × {p['days']} days "
             f"(seed {p['seed']}), window {window.get('period_start')}..{window.get('period_end')}, "
             f"{_fmt(window.get('n_settlements'))} settlements, {_fmt(window.get('n_fee_lines'))} fee "
             f"lines; {results['machine']['cpus']} CPUs, load average at end "
             f"{results['machine']['load_end']}.", ""]
    headers = ["stage", "rows", "fee lines", "seconds", "CPU s", "cores", "fee lines/min/core",
               "fee lines/CPU-min", "peak RSS MB", "load 1-min before→after", "note"]
    lines += _markdown_rows(headers, [list(r.values()) for r in stage_rows(results)])
    refs = results["references"]
    if "floor" in refs:
        fl = refs["floor"]
        lines += ["", f"Floor: bare scan of every fee line {fl['scan']['seconds']} s "
                  f"(CPU {fl['scan'].get('cpu_seconds')} s), grouped by settlement "
                  f"{fl['by_setl']['seconds']} s (CPU {fl['by_setl'].get('cpu_seconds')} s); "
                  f"{fl['threads']} threads, best of two."]
    if "pandas5" in refs:
        rows = [[r, refs["fundguard5"][r]["seconds"], refs["fundguard5"][r].get("cpu_seconds"),
                 refs["pandas5"][r]["seconds"], refs["pandas5"][r].get("cpu_seconds"),
                 refs["fundguard5"][r]["hits"], refs["pandas5"][r]["hits"],
                 refs["pandas5"][r]["same_keys"]]
                for r in refs["fundguard5"] if isinstance(refs["fundguard5"][r], dict)]
        lines += ["", f"pandas reference: tables read into pandas in {refs['pandas5']['load_seconds']} s"
                  f" (peak RSS {refs['pandas5']['peak_rss_mb']} MB), then per rule:", ""]
        lines += _markdown_rows(["rule", "fundguard s", "fundguard CPU s", "pandas s", "pandas CPU s",
                                 "fundguard hits", "pandas hits", "same keys"], rows)
    lines += ["", "Ratios: " + ", ".join(f"{k} = {v}" for k, v in ratios(results).items()), ""]
    lines += _markdown_rows(["target", "measured", "met"],
                            [[n, v, {True: "yes", False: "**no**", None: "-"}[ok]]
                             for n, v, ok in target_checks(results)])
    slow = results["stages"].get("rules", {}).get("rule_ms", {})
    if slow:
        top = list(slow.items())[:8]
        lines += ["", "Slowest rules (ms): " + ", ".join(f"{k} {v:,}" for k, v in top)]
    return "\n".join(lines) + "\n"


def render_table(results: dict[str, Any]) -> str:
    return "\n" + render_markdown(results)


def write_outputs(results: dict[str, Any], workdir: Path, out_dir: Path, markdown: str) -> None:
    results = {**results, "ratios": ratios(results), "table": stage_rows(results)}
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    text = json.dumps(results, ensure_ascii=False, indent=1, default=str)
    (workdir / "results.json").write_text(text, encoding="utf-8")
    (out_dir / f"bench-{stamp}.json").write_text(text, encoding="utf-8")
    (out_dir / f"bench-{stamp}.md").write_text(markdown, encoding="utf-8")
    print(f"结果已写入 {out_dir / f'bench-{stamp}.json'} 与 .md")

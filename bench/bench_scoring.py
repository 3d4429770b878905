"""Scoring time at city-year scale: peers -> detectors -> reasons -> risk -> bands for every entity.

Generating and ingesting a full city-year (1.5M insured, ~10M settlements) is too slow on the shared
2-core machine, so this script synthesises *feature frames* of that size (the output of
sql/features/*.sql) with realistic peer attributes, skewed feature distributions, planted outliers
and sparse rule findings, and times ``entity_scores`` (forest fit + score, tail score, reasons,
rule score, ranks, bands) per entity type.  The feature SQL is timed by ``bench/run_eval.py`` on a
generated city.

Usage: .venv/bin/python bench/bench_scoring.py [--insured 1200000] [--staff 20000]
       [--institutions 3000] [--out var/bench/scoring.json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import polars as pl

REPO = Path(__file__).resolve().parents[1]
ATTRIBUTES = {
    "institution": {"inst_type": ["H", "C", "V", "P"], "medins_lv": ["0", "1", "2", "3"]},
    "staff": {"staff_type": ["1", "2", "3"], "dept_code": [f"D{i:02d}" for i in range(30)],
              "inst_type": ["H", "C", "P"], "medins_lv": ["1", "2", "3"]},
    "insured": {"age_band": ["0-17", "18-44", "45-59", "60-74", "75+"],
                "insutype": ["310", "390"], "is_chronic": ["0", "1"]},
}


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--institutions", type=int, default=3_000)
    parser.add_argument("--staff", type=int, default=20_000)
    parser.add_argument("--insured", type=int, default=1_200_000)
    parser.add_argument("--out", type=Path, default=REPO / "var" / "bench" / "scoring.json")
    return parser.parse_args(argv)


def synthetic_features(spec: object, entity_type: str, n: int, seed: int) -> pl.DataFrame:
    """A feature frame shaped like the SQL output: ids, peer attributes, activity, features."""
    rng = np.random.default_rng(seed)
    entity = spec.entities[entity_type]  # type: ignore[attr-defined]
    cols: dict[str, object] = {"entity_id": [f"{entity_type[0].upper()}{i:08d}" for i in range(n)]}
    for name, values in ATTRIBUTES[entity_type].items():
        cols[name] = rng.choice(values, size=n)
    cols["admdvs"] = rng.choice([f"3101{i:02d}" for i in range(1, 17)], size=n)
    cols["n_setl"] = rng.integers(1, 400, size=n)
    cols["n_patients"] = cols["n_setl"]
    cols["fund_total"] = rng.lognormal(8, 1.2, size=n)
    for feature in entity.features:
        values = rng.lognormal(0, 0.6, size=n)
        if feature.unit == "pct":
            values = np.clip(values / 4, 0, 1)
        values[rng.random(n) < 0.002] *= 8  # planted outliers
        values[rng.random(n) < 0.03] = np.nan  # missing (e.g. no stays)
        cols[feature.name] = values
    return pl.DataFrame(cols)


def synthetic_findings(features: pl.DataFrame, seed: int) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    hit = features.sample(fraction=0.05, seed=seed)
    n = hit.height
    return pl.DataFrame({
        "entity_id": hit["entity_id"], "n_findings": rng.integers(1, 20, size=n),
        "n_findings_definite": rng.integers(0, 5, size=n),
        "finding_weight": rng.gamma(2, 2, size=n),
        "vola_amt": pl.Series(np.round(rng.lognormal(6, 1.5, size=n), 2)).cast(pl.Decimal(18, 2)),
        "fund_amt": pl.Series(np.round(rng.lognormal(5.5, 1.5, size=n), 2)).cast(pl.Decimal(18, 2)),
    })


def time_entity_type(spec: object, entity_type: str, n: int) -> dict[str, float]:
    from fundguard.anomaly.scoring import entity_scores

    features = synthetic_features(spec, entity_type, n, seed=n)
    findings = synthetic_findings(features, seed=n + 1)
    started = time.perf_counter()
    scored = entity_scores(features, findings, spec, entity_type, 12)  # type: ignore[arg-type]
    seconds = time.perf_counter() - started
    assert scored.frame.height == n and scored.frame["reasons"].null_count() == 0
    return {"entities": n, "seconds": round(seconds, 2)}


def main(argv: list[str]) -> int:
    import sklearn  # noqa: F401  (import time is not scoring time)

    from fundguard.anomaly.spec import load_model_spec

    args = parse_args(argv)
    spec = load_model_spec(REPO / "models")
    sizes = {"institution": args.institutions, "staff": args.staff, "insured": args.insured}
    results = {}
    for entity_type, n in sizes.items():
        results[entity_type] = time_entity_type(spec, entity_type, n)
        print(f"{entity_type:<12}{n:>10} 个主体  {results[entity_type]['seconds']:>7.1f} 秒", flush=True)
    total = round(sum(r["seconds"] for r in results.values()), 2)
    print(f"合计 {total} 秒 (目标 < 120 秒)")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"results": results, "total_seconds": total}, indent=1),
                        encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

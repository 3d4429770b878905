"""`make eval`: entity-level evaluation of the risk ranking on a synthetic city with every scheme.

Steps: generate a city (`fundguard generate --out var/eval/city`, unless --city is given), ingest it
into a fresh database, run the rule stage over the whole span, score institutions, staff and insured
persons over the whole span (one period), and compare the risk ranking with two naive baselines (total
fund amount; settlement count): ROC-AUC, average precision and precision@20.  Then the supervised
layer: a stratified 20 % of the scored entities are fed in as dispositions (their ground truth), and
AUC/AP are measured on the other 80 % with and without the layer.

Ground truth (sql/features/eval_entity_truth.sql), three definitions:
* ``listed_or_concentrated`` (headline): labels/entity_labels lists the entity, or the share of its
  settlements that are labelled (settlement label or a labelled fee line) is at least
  OWNER_SHARE_MULTIPLE times the share over all entities of its type;
* ``listed_or_owner``: listed, or owns at least one labelled settlement (in a city with every scheme
  injected nearly every institution owns one, so this mostly measures size);
* ``listed_only``.

Usage: .venv/bin/python bench/run_eval.py [--city DIR] [--out var/eval] [--generate-args "..."]
"""

from __future__ import annotations

import argparse
import json
import shlex
import shutil
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

REPO = Path(__file__).resolve().parents[1]
ENTITY_TYPES = ("institution", "staff", "insured")
SCORES = ("risk_score", "base_risk", "anomaly_pct", "rule_score", "fund_total", "n_setl")
DISPOSITION_SHARE = 0.2
OWNER_SHARE_MULTIPLE = 2.0
DEFINITIONS = ("listed_or_concentrated", "listed_or_owner", "listed_only")
HEADLINE = DEFINITIONS[0]
SEED = 20240101


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "var" / "eval")
    parser.add_argument("--city", type=Path, default=None, help="existing generated city")
    parser.add_argument("--generate-args", default="", help="extra args for fundguard generate")
    parser.add_argument("--reuse-db", action="store_true", help="skip ingest+rules if the DB exists")
    parser.add_argument("--min-labels", type=int, default=None,
                        help="override supervised.min_labels for the evaluation (default: model.yaml)")
    return parser.parse_args(argv)


def generate_city(out: Path, extra: str) -> Path:
    city = out / "city"
    if city.exists():
        shutil.rmtree(city)
    cmd = [str(REPO / ".venv" / "bin" / "fundguard"), "generate", "--out", str(city), *shlex.split(extra)]
    print("生成合成城市:", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True)
    return city


def eval_settings(out: Path) -> Any:
    from fundguard.settings import Settings

    return Settings(project_dir=REPO, var_dir=out / "var")


def ingest_and_rules(settings: Any, city: Path) -> tuple[date, date]:
    from fundguard.db.connection import writer_lock
    from fundguard.ingest.loader import ingest_inbox
    from fundguard.ops.context import RunContext
    from fundguard.rules import stage as rules_stage

    with writer_lock(settings, "eval"):
        t0 = time.perf_counter()
        report = ingest_inbox(settings, city)
        print(f"入库完成: {report.rows_loaded} 行, {time.perf_counter() - t0:.1f} 秒", flush=True)
        start, end = data_span(settings)
        t0 = time.perf_counter()
        ctx = RunContext(run_id="eval", run_date=end, period_start=start, period_end=end, full=True)
        counts = rules_stage.run(settings, ctx)
        print(f"规则完成: {counts.get('n_findings')} 条疑点, {time.perf_counter() - t0:.1f} 秒",
              flush=True)
    return start, end


def data_span(settings: Any) -> tuple[date, date]:
    from fundguard.db.connection import connect

    with connect(settings, read_only=True) as con:
        start, end = con.execute(
            "select min(cast(setl_time as date)), max(cast(setl_time as date)) from settlement"
        ).fetchall()[0]
    return start, end


def truth_frame(con: Any, settings: Any, city: Path) -> pl.DataFrame:
    from fundguard.db.sql_files import bind, sql_text

    labels = city / "labels"
    params = {"settlement_labels": str(labels / "settlement_labels.parquet"),
              "line_labels": str(labels / "line_labels.parquet"),
              "entity_labels": str(labels / "entity_labels.parquet"),
              "owner_share_multiple": OWNER_SHARE_MULTIPLE}
    sql = sql_text(settings.sql_dir, "features/eval_entity_truth")
    return pl.from_arrow(con.sql(sql, params=bind(sql, params)).to_arrow_table())  # type: ignore[return-value]


def score_all(con: Any, settings: Any, window: Any) -> tuple[dict[str, Any], dict[str, float]]:
    """Scored frames per entity type (forest fitted on the span) and seconds per step."""
    from fundguard.anomaly.features import (
        entity_features,
        entity_findings,
        materialise_feature_base,
    )
    from fundguard.anomaly.scoring import entity_scores
    from fundguard.anomaly.spec import load_model_spec

    spec = load_model_spec(settings.models_dir)
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    materialise_feature_base(con, settings.sql_dir, spec, window)
    timings["feature_base"] = time.perf_counter() - t0
    out = {}
    for entity_type in ENTITY_TYPES:
        t0 = time.perf_counter()
        features = entity_features(con, settings.sql_dir, spec, entity_type, window)
        findings = entity_findings(con, settings.sql_dir, spec, entity_type, window)
        t1 = time.perf_counter()
        scored = entity_scores(features, findings, spec, entity_type, window.n_months)
        timings[f"{entity_type}_features"] = t1 - t0
        timings[f"{entity_type}_model"] = time.perf_counter() - t1
        out[entity_type] = (features, findings, scored)
    return {"spec": spec, **out}, timings


def ranking_metrics(y: np.ndarray, score: np.ndarray, k: int = 20) -> dict[str, float]:
    from sklearn.metrics import average_precision_score, roc_auc_score

    if y.min() == y.max():
        return {"auc": float("nan"), "ap": float("nan"), "p_at_20": float("nan")}
    order = np.argsort(-score, kind="stable")[:k]
    return {"auc": float(roc_auc_score(y, score)), "ap": float(average_precision_score(y, score)),
            "p_at_20": float(y[order].mean())}


def labelled(frame: pl.DataFrame, truth: pl.DataFrame, entity_type: str) -> pl.DataFrame:
    flags = ("listed", "owns_any", "concentrated")
    t = truth.filter(pl.col("entity_type") == entity_type).select("entity_id", *flags)
    out = frame.join(t, on="entity_id", how="left").with_columns(
        *[pl.col(f).fill_null(False) for f in flags])
    return out.with_columns(
        listed_or_concentrated=(pl.col("listed") | pl.col("concentrated")).cast(pl.Int8),
        listed_or_owner=(pl.col("listed") | pl.col("owns_any")).cast(pl.Int8),
        listed_only=pl.col("listed").cast(pl.Int8))


def unsupervised_rows(frame: pl.DataFrame, entity_type: str) -> list[dict[str, Any]]:
    rows = []
    for definition in DEFINITIONS:
        y = frame[definition].to_numpy()
        for score in SCORES:
            metrics = ranking_metrics(y, frame[score].cast(pl.Float64).to_numpy())
            rows.append({"entity_type": entity_type, "definition": definition, "score": score,
                         "n": frame.height, "n_pos": int(y.sum()), **metrics})
    return rows


def disposition_split(y: np.ndarray, share: float, seed: int) -> np.ndarray:
    """Boolean mask of the stratified ``share`` of rows fed in as dispositions."""
    rng = np.random.default_rng(seed)
    mask = np.zeros(y.size, dtype=bool)
    for cls in (0, 1):
        idx = np.flatnonzero(y == cls)
        take = rng.choice(idx, size=int(round(idx.size * share)), replace=False)
        mask[take] = True
    return mask


def supervised_row(state: dict[str, Any], entity_type: str, frame: pl.DataFrame,
                   min_labels: int | None) -> dict[str, Any]:
    from fundguard.anomaly.scoring import entity_scores

    spec = state["spec"]
    if min_labels is not None:
        sup = spec.supervised.model_copy(update={"min_labels": min_labels})
        spec = spec.model_copy(update={"supervised": sup})
    features, findings, scored = state[entity_type]
    y = frame[HEADLINE].to_numpy()
    fed = disposition_split(y, DISPOSITION_SHARE, SEED)
    ids = frame["entity_id"].to_list()
    labels = pl.DataFrame({"entity_type": [entity_type] * int(fed.sum()),
                           "entity_id": [ids[i] for i in np.flatnonzero(fed)],
                           "label": y[fed].astype(np.int64)})
    resc = entity_scores(features, findings, spec, entity_type, 1, scored.model, labels).frame
    joined = frame.select("entity_id").join(resc.select("entity_id", "risk_score"),
                                            on="entity_id", how="left")
    held = ~fed
    before = ranking_metrics(y[held], frame["risk_score"].to_numpy()[held])
    after = ranking_metrics(y[held], joined["risk_score"].to_numpy()[held])
    status = resc["supervised_pct"].null_count() == 0
    return {"entity_type": entity_type, "n_dispositions": int(fed.sum()), "n_held_out": int(held.sum()),
            "layer_on": bool(status), "auc_before": before["auc"], "auc_after": after["auc"],
            "ap_before": before["ap"], "ap_after": after["ap"],
            "p20_before": before["p_at_20"], "p20_after": after["p_at_20"]}


def print_tables(unsup: list[dict[str, Any]], sup: list[dict[str, Any]]) -> None:
    print(f"\n实体级排序评估 (主定义 {HEADLINE}; 另列 {', '.join(DEFINITIONS[1:])})")
    print(f"{'主体':<12}{'定义':<24}{'分数':<12}{'n':>8}{'正例':>7}{'AUC':>8}{'AP':>8}{'P@20':>7}")
    for r in unsup:
        print(f"{r['entity_type']:<12}{r['definition']:<24}{r['score']:<12}{r['n']:>8}{r['n_pos']:>7}"
              f"{r['auc']:>8.3f}{r['ap']:>8.3f}{r['p_at_20']:>7.2f}")
    print("\n反馈层 (20% 实体作为审核结论, 在其余 80% 上评估)")
    for r in sup:
        print(f"{r['entity_type']:<12} 启用={r['layer_on']} AUC {r['auc_before']:.3f} -> "
              f"{r['auc_after']:.3f}  AP {r['ap_before']:.3f} -> {r['ap_after']:.3f}  "
              f"P@20 {r['p20_before']:.2f} -> {r['p20_after']:.2f}")


def gates(unsup: list[dict[str, Any]], sup: list[dict[str, Any]]) -> dict[str, bool]:
    """Done-when checks: risk beats both baselines by >= 0.05 in AUC and AP; layer improves AUC."""
    out = {}
    by = {(r["entity_type"], r["definition"], r["score"]): r for r in unsup}
    for et in ENTITY_TYPES:
        risk = by.get((et, HEADLINE, "risk_score"))
        if risk is None:
            continue
        ok = all(risk[m] >= by[(et, HEADLINE, b)][m] + 0.05
                 for b in ("fund_total", "n_setl") for m in ("auc", "ap"))
        out[f"{et}_beats_baselines"] = bool(ok)
    for r in sup:
        out[f"{r['entity_type']}_supervised_gain"] = bool(r["auc_after"] > r["auc_before"])
    return out


def main(argv: list[str]) -> int:
    from fundguard.anomaly.features import span_window
    from fundguard.db.connection import connect

    args = parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    city = args.city or generate_city(args.out, args.generate_args)
    settings = eval_settings(args.out)
    if not (args.reuse_db and settings.db_path.exists()):
        settings.db_path.unlink(missing_ok=True)
        ingest_and_rules(settings, city)
    start, end = data_span(settings)
    window = span_window(start, end)
    with connect(settings) as con:
        truth = truth_frame(con, settings, city)
        t0 = time.perf_counter()
        state, timings = score_all(con, settings, window)
        timings["total_scoring"] = time.perf_counter() - t0
    unsup, sup, sizes = [], [], {}
    for et in ENTITY_TYPES:
        frame = labelled(state[et][2].frame, truth, et)
        sizes[et] = frame.height
        unsup += unsupervised_rows(frame, et)
        sup.append(supervised_row(state, et, frame, args.min_labels))
    print_tables(unsup, sup)
    result = {"window": window.label, "entities": sizes, "timings_s": timings,
              "unsupervised": unsup, "supervised": sup, "gates": gates(unsup, sup)}
    print("\n计时(秒):", {k: round(v, 2) for k, v in timings.items()})
    print("达标检查:", result["gates"])
    (args.out / "results.json").write_text(json.dumps(result, ensure_ascii=False, indent=1),
                                           encoding="utf-8")
    print(f"结果已写入 {args.out / 'results.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Pipeline stage: features -> peer groups -> detectors -> reasons -> risk score -> bands -> drift.

``run(settings, ctx)`` scores every month of the run window for institutions, staff and insured
persons and writes ``risk_score``, ``risk_feature_drift`` and ``risk_model_run`` (one transaction
for the whole stage: a killed run leaves no partial month).  The forest of each entity type is
loaded from its artifact; when none exists yet (first run) or the run is ``full``, it is trained on
the first month of the window and saved.  A mismatched artifact stops the stage
with ``ModelArtifactError`` (re-train with ``fundguard risk train``).  The flow holds the writer lock.

``score_span`` scores one period spanning several months (annual reviews, ``fundguard risk score``):
every entity once over the whole span, with the trained artifacts (never trains or overwrites them).
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from typing import Any

import duckdb
import polars as pl

from fundguard.anomaly.artifacts import (
    artifact_paths,
    load_artifact,
    save_artifact,
    short_fingerprint,
    training_metadata,
)
from fundguard.anomaly.drift import STATUS_MAJOR, feature_drift, feature_snapshot
from fundguard.anomaly.features import (
    Window,
    entity_features,
    entity_findings,
    materialise_feature_base,
    month_windows,
    release_feature_base,
)
from fundguard.anomaly.risk import BAND_HIGH, BAND_MEDIUM
from fundguard.anomaly.scoring import EntityScores, entity_scores
from fundguard.anomaly.spec import ENTITY_TYPES, EntityType, ModelSpec, load_model_spec
from fundguard.anomaly.store import WriteKey, write_drift, write_model_run, write_scores
from fundguard.anomaly.supervised import disposition_labels
from fundguard.db.connection import connect
from fundguard.db.sqlrun import transaction
from fundguard.errors import ModelArtifactError
from fundguard.ops.context import RunContext
from fundguard.ops.testing import pause_point
from fundguard.settings import Settings

log = logging.getLogger(__name__)


def run(settings: Settings, ctx: RunContext) -> dict[str, int]:
    """Score the months of the run window; returns counts per entity type."""
    spec = load_model_spec(settings.models_dir)
    start = ctx.period_start or ctx.run_date
    end = ctx.period_end or ctx.run_date
    counts: Counter[str] = Counter()
    with connect(settings) as con, transaction(con):  # all months written, or none
        for i, window in enumerate(month_windows(start, end)):
            retrain = ctx.full and i == 0
            counts.update(score_window(con, settings, spec, ctx.run_id, window, retrain=retrain))
            pause_point("anomaly:write")
    log.info("anomaly stage done run_id=%s counts=%s", ctx.run_id, dict(counts))
    return dict(counts)


def score_span(settings: Settings, run_id: str, window: Window) -> dict[str, int]:
    """Score every entity type once over ``window`` (one period, e.g. ``2026-01..2026-12``).

    Uses the artifacts the nightly run or ``fundguard risk train`` saved: the forest reads
    peer-relative z-scores, so a model trained on a month ranks a year's features on the same scale,
    and the nightly's model and drift baseline stay untouched.  Raises ``ModelArtifactError`` before
    any work when an entity type has no artifact.  Rows of (run_id, type, period) are replaced in one
    transaction; bands scale with the months of the span (review capacity per month × months).
    """
    spec = load_model_spec(settings.models_dir)
    for entity_type in spec.entities:
        paths = artifact_paths(settings.models_dir, spec, entity_type)
        if not (paths.model.is_file() and paths.metadata.is_file()):
            raise ModelArtifactError(
                "尚无已训练的风险模型, 不能进行跨期评分", location=paths.model.parent,
                hint="请先运行夜间批处理 (`fundguard run nightly`) 或 "
                     "`fundguard risk train --start YYYY-MM-DD --end YYYY-MM-DD` 训练模型。")
    with connect(settings) as con, transaction(con):  # every entity type written, or none
        counts = score_window(con, settings, spec, run_id, window)
    log.info("span scored run_id=%s period=%s counts=%s", run_id, window.label, dict(counts))
    return dict(counts)


def train_models(settings: Settings, window: Window) -> dict[str, int]:
    """Re-train every entity type's forest on ``window`` (rows used per type)."""
    spec = load_model_spec(settings.models_dir)
    trained: dict[str, int] = {}
    with connect(settings) as con:
        materialise_feature_base(con, settings.sql_dir, spec, window)
        for entity_type in spec.entities:
            features = entity_features(con, settings.sql_dir, spec, entity_type, window)
            if features.height == 0:
                continue
            findings = entity_findings(con, settings.sql_dir, spec, entity_type, window)
            train_entity_model(settings, spec, entity_type, features, findings, window)
            trained[entity_type] = features.height
    return trained


def score_window(con: duckdb.DuckDBPyConnection, settings: Settings, spec: ModelSpec, run_id: str,
                 window: Window, *, retrain: bool = False) -> Counter[str]:
    """Score and write every entity type for one window."""
    materialise_feature_base(con, settings.sql_dir, spec, window)
    counts: Counter[str] = Counter()
    entity_types = [t for t in ENTITY_TYPES if t in spec.entities]
    for i, entity_type in enumerate(entity_types):
        counts.update(_score_entity_type(con, settings, spec, entity_type, run_id, window, retrain,
                                         entity_types[i + 1:]))
    return counts


def train_entity_model(settings: Settings, spec: ModelSpec, entity_type: EntityType,
                       features: pl.DataFrame, findings: pl.DataFrame, window: Window,
                       labels: pl.DataFrame | None = None) -> tuple[EntityScores, dict[str, Any]]:
    """Fit the forest on ``features``, save it with metadata and the drift snapshot.

    Returns the scores of ``features`` under the new forest and the artifact metadata.
    """
    scored = entity_scores(features, findings, spec, entity_type, window.n_months, None, labels)
    snapshot = feature_snapshot(features, spec.entities[entity_type], spec.drift)
    metadata = training_metadata(spec, entity_type, scored.matrix, snapshot, window.label)
    save_artifact(scored.model, metadata, artifact_paths(settings.models_dir, spec, entity_type))
    log.info("model trained entity_type=%s period=%s rows=%d", entity_type, window.label,
             features.height)
    return scored, metadata


def _scores_and_metadata(settings: Settings, spec: ModelSpec, entity_type: EntityType,
                         frames: tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame], window: Window,
                         retrain: bool) -> tuple[EntityScores, dict[str, Any], bool]:
    features, findings, labels = frames
    paths = artifact_paths(settings.models_dir, spec, entity_type)
    if retrain or not (paths.model.exists() or paths.metadata.exists()):
        scored, metadata = train_entity_model(settings, spec, entity_type, features, findings,
                                              window, labels)
        return scored, metadata, True
    model, metadata = load_artifact(paths, spec, entity_type)
    scored = entity_scores(features, findings, spec, entity_type, window.n_months, model, labels)
    return scored, metadata, False


def _score_entity_type(con: duckdb.DuckDBPyConnection, settings: Settings, spec: ModelSpec,
                       entity_type: EntityType, run_id: str, window: Window, retrain: bool,
                       remaining: list[EntityType]) -> Counter[str]:
    started = time.perf_counter()
    features = entity_features(con, settings.sql_dir, spec, entity_type, window)
    frames = (features, entity_findings(con, settings.sql_dir, spec, entity_type, window),
              disposition_labels(con, settings.sql_dir, entity_type))
    release_feature_base(con, settings.sql_dir, spec, remaining)
    if features.height == 0:
        return Counter({f"{entity_type}_scored": 0})
    scored, metadata, trained = _scores_and_metadata(settings, spec, entity_type, frames, window,
                                                     retrain)
    version = f"{spec.model_version}#{short_fingerprint(metadata)}"
    key = WriteKey(run_id, entity_type, window.label)
    n = write_scores(con, settings.sql_dir, key, scored.frame, version)
    drift = feature_drift(metadata["snapshot"], features, spec.entities[entity_type], spec.drift)
    write_drift(con, settings.sql_dir, key, drift, version)
    summary = _run_summary(scored, drift, time.perf_counter() - started)
    write_model_run(con, settings.sql_dir, key, summary, version)
    return Counter({f"{entity_type}_scored": n, f"{entity_type}_high": summary["n_high"],
                    f"{entity_type}_supervised_on": int(scored.supervised.status == "on"),
                    f"{entity_type}_labels": scored.supervised.n_labels,
                    f"{entity_type}_trained": int(trained),
                    f"{entity_type}_drifted_features": int((drift["status"] == STATUS_MAJOR).sum())})


def _run_summary(scored: EntityScores, drift: pl.DataFrame, seconds: float) -> dict[str, Any]:
    bands = scored.frame["band"]
    return {"n_entities": scored.frame.height, "n_high": int((bands == BAND_HIGH).sum()),
            "n_medium": int((bands == BAND_MEDIUM).sum()),
            "supervised_status": scored.supervised.status, "n_labels": scored.supervised.n_labels,
            "max_psi": float(drift["psi"].max()) if drift.height else None,  # type: ignore[arg-type]
            "seconds": round(seconds, 3)}

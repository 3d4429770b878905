"""Outlier detectors over peer-normalised features, and their rank ensemble.

* IsolationForest on clipped robust z-scores (one-sided for ``direction: high`` features, so an
  unusually *low* drug share is not flagged); fixed ``random_state``.
* A transparent ECOD-style tail score: the sum over features of ``-log`` of the entity's empirical
  tail probability within its peer group.  Its per-feature terms are the reasons' contributions.
* Ensemble: weighted mean of the two detectors' rank percentiles.
sklearn is imported inside functions (the CLI must start fast).
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

import numpy as np
import polars as pl

from fundguard.anomaly.spec import EntitySpec, ModelSpec

if TYPE_CHECKING:
    from sklearn.ensemble import IsolationForest

TAIL_FLOOR = 1e-6
SCORE_THREADS = 2           # row blocks scored in parallel (the machine has 2 cores)
PARALLEL_MIN_ROWS = 50_000


def iforest_matrix(norm: pl.DataFrame, entity: EntitySpec, z_clip: float) -> np.ndarray:
    """Clipped robust z-scores, one column per feature (the forest's input)."""
    columns = []
    for feature in entity.features:
        z = norm[f"{feature.name}__z"].to_numpy().astype(np.float64)
        lower = 0.0 if feature.direction == "high" else -z_clip
        columns.append(np.clip(np.nan_to_num(z, nan=0.0), lower, z_clip))
    return np.column_stack(columns) if columns else np.zeros((norm.height, 0))


def tail_contributions(norm: pl.DataFrame, entity: EntitySpec) -> np.ndarray:
    """Per-feature ``-log`` tail probability (0 for missing values), shape (n, n_features)."""
    columns = []
    for feature in entity.features:
        right = norm[f"{feature.name}__right"].to_numpy().astype(np.float64)
        if feature.direction == "both":
            left = norm[f"{feature.name}__left"].to_numpy().astype(np.float64)
            right = np.minimum(1.0, 2.0 * np.minimum(left, right))
        tail = np.clip(np.nan_to_num(right, nan=1.0), TAIL_FLOOR, 1.0)
        columns.append(-np.log(tail))
    return np.column_stack(columns) if columns else np.zeros((norm.height, 0))


def fit_iforest(matrix: np.ndarray, spec: ModelSpec) -> IsolationForest:
    """An IsolationForest fitted on ``matrix`` with the spec's hyper-parameters and random state."""
    from sklearn.ensemble import IsolationForest

    params = spec.detectors.iforest
    model = IsolationForest(
        n_estimators=params.n_estimators,
        max_samples=min(params.max_samples, max(matrix.shape[0], 1)),
        random_state=spec.random_state,
        n_jobs=1,
    )
    model.fit(matrix)
    return model


def iforest_scores(model: Any, matrix: np.ndarray) -> np.ndarray:
    """Anomaly scores (higher = more isolated).

    Large matrices are scored in row blocks on parallel threads (the trees release the GIL).  Each
    row's depths are still summed over the trees in order by one thread, so the scores are
    byte-identical to a single call (``n_jobs > 1`` would split the trees and add in thread order).
    """
    threads = min(os.cpu_count() or 1, SCORE_THREADS)
    if threads < 2 or matrix.shape[0] < PARALLEL_MIN_ROWS:
        return -np.asarray(model.score_samples(matrix), dtype=np.float64)
    blocks = np.array_split(np.arange(matrix.shape[0]), threads)
    with ThreadPoolExecutor(max_workers=threads) as pool:
        parts = list(pool.map(lambda rows: model.score_samples(matrix[rows[0]:rows[-1] + 1]),
                              blocks))
    return -np.concatenate(parts).astype(np.float64)


def rank_pct(values: np.ndarray) -> np.ndarray:
    """Average-rank percentile in (0, 1]; ties share a rank."""
    from scipy.stats import rankdata

    if values.size == 0:
        return values.astype(np.float64)
    return np.asarray(rankdata(values, method="average"), dtype=np.float64) / values.size


def ensemble_scores(iforest: np.ndarray, tail: np.ndarray, spec: ModelSpec) -> np.ndarray:
    """Weighted mean of the detectors' rank percentiles, in (0, 1]."""
    return ensemble_of_pct(rank_pct(iforest), rank_pct(tail), spec)


def ensemble_of_pct(iforest_pct: np.ndarray, tail_pct: np.ndarray, spec: ModelSpec) -> np.ndarray:
    """``ensemble_scores`` from the detectors' rank percentiles (0..1) already computed."""
    w_if = spec.detectors.iforest.weight
    w_tail = spec.detectors.tail.get("weight", 0.5)
    total = w_if + w_tail
    return (w_if * iforest_pct + w_tail * tail_pct) / total

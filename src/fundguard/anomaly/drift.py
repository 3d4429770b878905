"""Feature drift against the training snapshot: population stability index (PSI) per feature.

The snapshot (saved in the artifact metadata) holds, per feature, quantile bin edges of the training
values, the share of training rows per bin and the training median.  Pure computation.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl

from fundguard.anomaly.spec import DriftSpec, EntitySpec

SMOOTHING = 0.5
"""Added to every bin count (Laplace smoothing) so empty bins of small samples do not explode PSI."""
ROWS_PER_BIN = 20
STATUS_STABLE, STATUS_MINOR, STATUS_MAJOR = "稳定", "轻微漂移", "显著漂移"
STATUS_SMALL = "样本不足"


def _finite(values: np.ndarray) -> np.ndarray:
    return values[np.isfinite(values)]


def bin_shares(values: np.ndarray, edges: list[float], smoothing: float = 0.0) -> np.ndarray:
    """Share of ``values`` per bin; bins are (-inf, e1], (e1, e2], ..., (ek, inf)."""
    idx = np.searchsorted(np.asarray(edges, dtype=np.float64), values, side="left")
    counts = np.bincount(idx, minlength=len(edges) + 1).astype(np.float64) + smoothing
    return counts / max(counts.sum(), 1e-12)


def feature_snapshot(frame: pl.DataFrame, entity: EntitySpec, spec: DriftSpec) -> dict[str, Any]:
    """Training snapshot: quantile edges, bin shares and median per feature."""
    snapshot: dict[str, Any] = {}
    for name in entity.feature_names:
        values = _finite(frame[name].cast(pl.Float64).fill_null(float("nan")).to_numpy())
        if values.size == 0:
            snapshot[name] = {"edges": [], "shares": [1.0], "median": None, "n": 0}
            continue
        bins = max(2, min(spec.bins, values.size // ROWS_PER_BIN))
        quantiles = np.linspace(0, 1, bins + 1)[1:-1]
        edges = sorted(set(np.quantile(values, quantiles).round(10).tolist()))
        snapshot[name] = {"edges": edges, "shares": bin_shares(values, edges, SMOOTHING).tolist(),
                          "median": float(np.median(values)), "n": int(values.size)}
    return snapshot


def psi(expected: np.ndarray, actual: np.ndarray) -> float:
    """Population stability index between two share vectors."""
    e = np.clip(expected, 1e-12, None)
    a = np.clip(actual, 1e-12, None)
    return float(np.sum((a - e) * np.log(a / e)))


def drift_status(value: float, spec: DriftSpec, n_rows: int = 10**9) -> str:
    """Chinese status; samples below ``spec.min_rows`` are too small to judge."""
    if n_rows < spec.min_rows:
        return STATUS_SMALL
    if value >= spec.major:
        return STATUS_MAJOR
    return STATUS_MINOR if value >= spec.minor else STATUS_STABLE


def feature_drift(snapshot: dict[str, Any], frame: pl.DataFrame, entity: EntitySpec,
                  spec: DriftSpec) -> pl.DataFrame:
    """One row per feature: psi, training and current medians, status (Chinese)."""
    rows = []
    for feature in entity.features:
        snap = snapshot.get(feature.name)
        values = _finite(frame[feature.name].cast(pl.Float64).fill_null(float("nan")).to_numpy())
        if snap is None or values.size == 0:
            continue
        value = psi(np.asarray(snap["shares"]), bin_shares(values, snap["edges"], SMOOTHING))
        n_rows = min(values.size, int(snap.get("n", values.size)))
        rows.append({"feature": feature.name, "label_zh": feature.zh, "psi": round(value, 6),
                     "train_median": snap["median"], "current_median": float(np.median(values)),
                     "status": drift_status(value, spec, n_rows)})
    schema = {"feature": pl.String, "label_zh": pl.String, "psi": pl.Float64,
              "train_median": pl.Float64, "current_median": pl.Float64, "status": pl.String}
    return pl.DataFrame(rows, schema=schema)

"""Scoring one entity type for one period: peers -> detectors -> reasons -> risk -> bands.

Pure computation over frames (no database).  ``entity_scores`` returns the rows of ``risk_score``
(without run id and timestamps) plus what training and drift need.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl

from fundguard.anomaly import detectors, risk
from fundguard.anomaly.peers import assign_peer_groups, normalise_within_peers
from fundguard.anomaly.reasons import reasons_json
from fundguard.anomaly.spec import EntityType, ModelSpec
from fundguard.anomaly.supervised import (
    SupervisedResult,
    empty_labels,
    supervised_design,
    supervised_scores,
)

FINDING_COLUMNS: dict[str, pl.DataType] = {
    "n_findings": pl.Int64(), "n_findings_definite": pl.Int64(), "finding_weight": pl.Float64(),
    "vola_amt": pl.Decimal(18, 2), "fund_amt": pl.Decimal(18, 2),
}


@dataclass(frozen=True, slots=True)
class EntityScores:
    frame: pl.DataFrame
    """One row per entity: ids, peer group, detector and risk scores, rank, band, reasons."""
    matrix: np.ndarray
    """The forest input (clipped peer z-scores) for training and fingerprints."""
    model: Any
    supervised: SupervisedResult


def with_findings(features: pl.DataFrame, findings: pl.DataFrame) -> pl.DataFrame:
    """Features left-joined with the rule-finding aggregates (zeros where none)."""
    cols = [c for c in FINDING_COLUMNS if c in findings.columns]
    right = findings.select(pl.col("entity_id").cast(pl.String), *cols)
    out = features.join(right, on="entity_id", how="left")
    fills = [pl.col(c).fill_null(0).cast(t) for c, t in FINDING_COLUMNS.items() if c in out.columns]
    missing = [pl.lit(0).cast(t).alias(c) for c, t in FINDING_COLUMNS.items() if c not in out.columns]
    return out.with_columns(*fills, *missing)


def _unsupervised(norm: pl.DataFrame, spec: ModelSpec, entity_type: EntityType,
                  model: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, Any]:
    entity = spec.entities[entity_type]
    matrix = detectors.iforest_matrix(norm, entity, spec.detectors.z_clip)
    fitted = model if model is not None else detectors.fit_iforest(matrix, spec)
    iforest = detectors.iforest_scores(fitted, matrix)
    contributions = detectors.tail_contributions(norm, entity)
    tail = contributions.sum(axis=1)
    return matrix, iforest, tail, contributions, fitted


def entity_scores(features: pl.DataFrame, findings: pl.DataFrame, spec: ModelSpec,
                  entity_type: EntityType, n_months: int, model: Any = None,
                  labels: pl.DataFrame | None = None) -> EntityScores:
    """Score every entity in ``features``; fits a forest when ``model`` is None."""
    entity = spec.entities[entity_type]
    frame = with_findings(features, findings)
    norm = normalise_within_peers(assign_peer_groups(frame, entity, entity_type), entity)
    matrix, iforest, tail, contributions, fitted = _unsupervised(norm, spec, entity_type, model)
    iforest_pct, tail_pct = detectors.rank_pct(iforest), detectors.rank_pct(tail)
    anomaly = detectors.ensemble_of_pct(iforest_pct, tail_pct, spec)
    anomaly_pct = 100.0 * detectors.rank_pct(anomaly)
    rule = risk.rule_scores(norm["finding_weight"].to_numpy(),
                            norm["vola_amt"].cast(pl.Float64).to_numpy(), spec.risk)
    base = risk.risk_scores(anomaly_pct, rule, spec.risk)
    ids = norm["entity_id"].to_list()
    sup = supervised_scores(supervised_design(matrix, anomaly_pct, rule), ids,
                            labels if labels is not None else empty_labels(),
                            spec.supervised, spec.random_state)
    final = risk.blend_supervised(base, sup.supervised_pct, spec.supervised.weight)
    ranks = risk.risk_ranks(final, ids)
    out = norm.select("entity_id", "peer_group", "admdvs", "n_setl", "fund_total",
                      *FINDING_COLUMNS).with_columns(
        anomaly_score=pl.Series(anomaly), anomaly_pct=pl.Series(anomaly_pct),
        iforest_pct=pl.Series(100.0 * iforest_pct), tail_pct=pl.Series(100.0 * tail_pct),
        rule_score=pl.Series(rule),
        base_risk=pl.Series(base),
        supervised_pct=pl.Series(sup.supervised_pct, dtype=pl.Float64)
        if sup.supervised_pct is not None else pl.lit(None, dtype=pl.Float64),
        risk_score=pl.Series(final), risk_rank=pl.Series(ranks),
        band=pl.Series(risk.bands_by_capacity(final, ranks, spec.bands[entity_type], n_months),
                       dtype=pl.String),
        reasons=reasons_json(norm, entity, contributions, spec.reasons),
    )
    return EntityScores(out, matrix, fitted, sup)

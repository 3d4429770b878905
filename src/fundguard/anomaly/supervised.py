"""The feedback layer: a logistic regression trained on auditors' dispositions re-ranks entities.

Labels come from the ``entity_disposition`` view (cases part: 1 = confirmed violation/fraud,
0 = dismissed; the latest decision per entity counts) or are passed in directly (evaluation).  The
layer stays off until the spec's label minimum is met, and says why (``status``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import polars as pl

from fundguard.anomaly.detectors import rank_pct
from fundguard.anomaly.spec import SupervisedSpec
from fundguard.db.sql_files import bind, sql_text

STATUS_ON = "on"
STATUS_NO_LABELS = "off_no_labels"
STATUS_DISABLED = "off_disabled"
LABEL_SCHEMA = {"entity_type": pl.String, "entity_id": pl.String, "label": pl.Int64}


@dataclass(frozen=True, slots=True)
class SupervisedResult:
    status: str
    n_labels: int
    supervised_pct: np.ndarray | None
    """0..100 per entity (same order as the design matrix), or None when off."""


def empty_labels() -> pl.DataFrame:
    return pl.DataFrame(schema=LABEL_SCHEMA)


def disposition_labels(con: duckdb.DuckDBPyConnection, sql_dir: Path,
                       entity_type: str) -> pl.DataFrame:
    """Latest disposition per entity from ``entity_disposition`` (empty if the view is absent)."""
    exists = con.execute(
        "select count(*) from information_schema.tables where table_name = 'entity_disposition'"
    ).fetchall()[0][0]
    if not exists:
        return empty_labels()
    sql = sql_text(sql_dir, "features/disposition_labels")
    frame = pl.from_arrow(
        con.sql(sql, params=bind(sql, {"entity_type": entity_type})).to_arrow_table())
    return frame.cast(LABEL_SCHEMA)  # type: ignore[arg-type,return-value]


def has_enough_labels(labels: np.ndarray, spec: SupervisedSpec) -> bool:
    n_pos = int(np.sum(labels == 1))
    n_neg = int(np.sum(labels == 0))
    return labels.size >= spec.min_labels and min(n_pos, n_neg) >= spec.min_per_class


def supervised_design(z_matrix: np.ndarray, anomaly_pct: np.ndarray,
                      rule_score: np.ndarray) -> np.ndarray:
    """Features of the feedback model: clipped peer z-scores plus the two unsupervised scores."""
    return np.column_stack([z_matrix, anomaly_pct / 100.0, rule_score / 100.0])


def supervised_scores(design: np.ndarray, entity_ids: list[str], labels: pl.DataFrame,
                      spec: SupervisedSpec, random_state: int) -> SupervisedResult:
    """Fit on the labelled entities present in ``entity_ids``, score everyone (rank percentile)."""
    if not spec.enabled:
        return SupervisedResult(STATUS_DISABLED, 0, None)
    label_of = dict(zip(labels["entity_id"].to_list(), labels["label"].to_list(), strict=True))
    rows = [i for i, e in enumerate(entity_ids) if e in label_of]
    y = np.asarray([label_of[entity_ids[i]] for i in rows], dtype=np.int64)
    if not has_enough_labels(y, spec):
        return SupervisedResult(STATUS_NO_LABELS, int(y.size), None)
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=spec.C, class_weight="balanced", max_iter=2000,
                               random_state=random_state)
    model.fit(design[rows], y)
    proba = model.predict_proba(design)[:, 1]
    return SupervisedResult(STATUS_ON, int(y.size), 100.0 * rank_pct(proba))

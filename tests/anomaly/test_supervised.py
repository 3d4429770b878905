"""Feedback layer: off below the label minimum (and says so), on and informative above it."""

from __future__ import annotations

import numpy as np
import polars as pl
from tests.anomaly.conftest import REPO

from fundguard.anomaly.supervised import (
    STATUS_DISABLED,
    STATUS_NO_LABELS,
    STATUS_ON,
    disposition_labels,
    supervised_scores,
)


def design(n: int = 200, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    y = (rng.random(n) < 0.3).astype(int)
    x = rng.normal(size=(n, 4))
    x[:, 2] += 2.0 * y  # feature 2 separates the classes
    return x, y


def labels_for(ids: list[str], y: np.ndarray, rows: np.ndarray) -> pl.DataFrame:
    return pl.DataFrame({"entity_type": "institution", "entity_id": [ids[i] for i in rows],
                         "label": y[rows].astype(np.int64)})


def test_layer_stays_off_below_the_label_minimum(spec):
    x, y = design()
    ids = [f"e{i}" for i in range(len(y))]
    few = labels_for(ids, y, np.arange(spec.supervised.min_labels - 1))
    result = supervised_scores(x, ids, few, spec.supervised, spec.random_state)
    assert result.status == STATUS_NO_LABELS
    assert result.supervised_pct is None
    assert result.n_labels == spec.supervised.min_labels - 1


def test_layer_stays_off_with_one_class_only(spec):
    x, y = design()
    ids = [f"e{i}" for i in range(len(y))]
    negatives = np.flatnonzero(y == 0)[:100]
    result = supervised_scores(x, ids, labels_for(ids, y, negatives), spec.supervised, 1)
    assert result.status == STATUS_NO_LABELS


def test_layer_on_ranks_held_out_positives_higher(spec):
    from sklearn.metrics import roc_auc_score

    x, y = design()
    ids = [f"e{i}" for i in range(len(y))]
    fed = np.arange(60)
    result = supervised_scores(x, ids, labels_for(ids, y, fed), spec.supervised, 1)
    assert result.status == STATUS_ON and result.n_labels == 60
    held = np.arange(60, len(y))
    assert roc_auc_score(y[held], result.supervised_pct[held]) > 0.8


def test_disabled_in_spec(spec):
    x, y = design()
    ids = [f"e{i}" for i in range(len(y))]
    off = spec.supervised.model_copy(update={"enabled": False})
    assert supervised_scores(x, ids, labels_for(ids, y, np.arange(100)), off, 1).status \
        == STATUS_DISABLED


def test_disposition_labels_take_the_latest_decision(duck):
    duck.execute("drop view if exists entity_disposition cascade")
    duck.execute("create table entity_disposition (entity_type varchar, entity_id varchar,"
                 " label integer, decided_at timestamp, case_id varchar)")
    duck.execute("insert into entity_disposition values"
                 " ('staff', 'D1', 1, '2026-01-01', 'c1'), ('staff', 'D1', 0, '2026-02-01', 'c2'),"
                 " ('institution', 'H1', 1, '2026-01-01', 'c3')")
    labels = disposition_labels(duck, REPO / "sql", "staff")
    assert labels.to_dicts() == [{"entity_type": "staff", "entity_id": "D1", "label": 0}]

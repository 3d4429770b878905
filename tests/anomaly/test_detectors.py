"""Detectors: reproducible with the fixed random state, scores in range, one-sided inputs."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from fundguard.anomaly import detectors
from fundguard.anomaly.spec import EntitySpec


def matrix(seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(300, 5))
    x[0] = 8.0  # one planted outlier
    return np.clip(x, 0, None)


def test_iforest_is_reproducible_with_fixed_random_state(spec):
    x = matrix()
    a = detectors.iforest_scores(detectors.fit_iforest(x, spec), x)
    b = detectors.iforest_scores(detectors.fit_iforest(x, spec), x)
    assert np.array_equal(a, b)
    assert a.shape == (300,)
    assert np.argmax(a) == 0


def test_ensemble_is_a_rank_percentile(spec):
    x = matrix()
    iforest = detectors.iforest_scores(detectors.fit_iforest(x, spec), x)
    tail = x.sum(axis=1)
    scores = detectors.ensemble_scores(iforest, tail, spec)
    assert scores.min() > 0 and scores.max() <= 1
    assert scores[0] == pytest.approx(1.0)


def test_rank_pct_shares_ties():
    assert detectors.rank_pct(np.array([1.0, 1.0, 3.0])).tolist() == pytest.approx([0.5, 0.5, 1.0])


def two_feature_entity() -> EntitySpec:
    return EntitySpec.model_validate({
        "sql": "x", "peer_levels": [{"by": ["g"], "zh": "组"}],
        "features": [{"name": "hi", "zh": "高", "unit": "count"},
                     {"name": "both", "zh": "双", "unit": "count", "direction": "both"}],
    })


def test_high_direction_features_are_clipped_at_zero_and_both_kept_signed():
    norm = pl.DataFrame({"hi__z": [-3.0, 20.0], "both__z": [-3.0, 2.0]})
    x = detectors.iforest_matrix(norm, two_feature_entity(), z_clip=8.0)
    assert x.tolist() == [[0.0, -3.0], [8.0, 2.0]]


def test_tail_contributions_use_the_right_tail_or_both_tails():
    norm = pl.DataFrame({"hi__right": [1.0, 0.1], "both__right": [0.9, 1.0],
                         "both__left": [0.1, 1.0]})
    c = detectors.tail_contributions(norm, two_feature_entity())
    assert c[0, 0] == pytest.approx(0.0)
    assert c[1, 0] == pytest.approx(-np.log(0.1))
    assert c[0, 1] == pytest.approx(-np.log(0.2))

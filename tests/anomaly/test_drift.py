"""Feature drift: PSI near zero on the training distribution, large after a shift."""

from __future__ import annotations

import numpy as np
import polars as pl

from fundguard.anomaly.drift import (
    STATUS_MAJOR,
    STATUS_STABLE,
    bin_shares,
    feature_drift,
    feature_snapshot,
    psi,
)
from fundguard.anomaly.spec import DriftSpec, EntitySpec

ENTITY = EntitySpec.model_validate({
    "sql": "x", "peer_levels": [{"by": ["g"], "zh": "组"}],
    "features": [{"name": "drug_share", "zh": "药占比", "unit": "pct"}],
})


def values(shift: float, seed: int) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    return pl.DataFrame({"drug_share": rng.normal(0.3 + shift, 0.05, size=2000)})


def test_same_distribution_is_stable_and_shift_is_major():
    snapshot = feature_snapshot(values(0.0, 1), ENTITY, DriftSpec())
    same = feature_drift(snapshot, values(0.0, 2), ENTITY, DriftSpec()).to_dicts()[0]
    moved = feature_drift(snapshot, values(0.1, 3), ENTITY, DriftSpec()).to_dicts()[0]
    assert same["psi"] < 0.05 and same["status"] == STATUS_STABLE
    assert moved["psi"] > 0.25 and moved["status"] == STATUS_MAJOR
    assert moved["label_zh"] == "药占比"
    assert moved["current_median"] > moved["train_median"]


def test_bin_shares_sum_to_one_and_psi_of_identical_shares_is_zero():
    shares = bin_shares(np.array([0.0, 1.0, 2.0, 3.0]), [0.5, 2.5])
    assert shares.tolist() == [0.25, 0.5, 0.25]
    assert psi(shares, shares) == 0.0


def test_small_populations_are_not_judged_and_empty_bins_do_not_explode():
    snapshot = feature_snapshot(values(0.0, 1).head(40), ENTITY, DriftSpec())
    assert len(snapshot["drug_share"]["shares"]) == 2  # 40 rows: two bins of >= 20
    row = feature_drift(snapshot, values(0.0, 2).head(40), ENTITY, DriftSpec()).to_dicts()[0]
    assert row["status"] == "样本不足"
    assert row["psi"] < 0.5

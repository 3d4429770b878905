"""Risk score formula, reproducible ranks, and bands by review capacity."""

from __future__ import annotations

import numpy as np
import pytest

from fundguard.anomaly.risk import (
    BAND_HIGH,
    BAND_LOW,
    BAND_MEDIUM,
    bands_by_capacity,
    blend_supervised,
    high_capacity,
    risk_ranks,
    risk_scores,
    rule_scores,
)
from fundguard.anomaly.spec import BandSpec


def test_rule_score_is_zero_without_findings_and_grows_with_weight_and_amount(spec):
    scores = rule_scores(np.array([0.0, 2.0, 2.0, 20.0]), np.array([0.0, 0.0, 10000.0, 10000.0]),
                         spec.risk)
    assert scores[0] == 0.0
    assert scores[0] < scores[1] < scores[2] < scores[3] < 100.0


def test_risk_is_the_configured_weighted_mean(spec):
    risk = risk_scores(np.array([100.0, 0.0]), np.array([0.0, 100.0]), spec.risk)
    total = spec.risk.w_anomaly + spec.risk.w_rule
    assert risk.tolist() == pytest.approx([100 * spec.risk.w_anomaly / total,
                                           100 * spec.risk.w_rule / total])


def test_supervised_blend_only_when_on():
    risk = np.array([10.0, 90.0])
    assert blend_supervised(risk, None, 0.5) is risk
    assert blend_supervised(risk, np.array([100.0, 0.0]), 0.5).tolist() == [55.0, 45.0]


def test_ranks_break_ties_by_entity_id():
    ranks = risk_ranks(np.array([5.0, 9.0, 5.0]), ["c", "a", "b"])
    assert ranks.tolist() == [3, 1, 2]


def test_bands_follow_capacity_per_month_not_a_contamination_rate():
    band = BandSpec(teams=2, per_team_per_month=2, medium_multiple=1.5, min_risk_for_high=0)
    risk = np.linspace(100, 1, 20)
    ranks = risk_ranks(risk, [f"e{i:02d}" for i in range(20)])
    one_month = bands_by_capacity(risk, ranks, band, n_months=1)
    assert one_month.count(BAND_HIGH) == 4 == high_capacity(band, 1)
    assert one_month.count(BAND_MEDIUM) == 6
    assert one_month.count(BAND_LOW) == 10
    assert one_month[:4] == [BAND_HIGH] * 4
    assert bands_by_capacity(risk, ranks, band, n_months=2).count(BAND_HIGH) == 8


def test_high_band_needs_the_minimum_risk():
    band = BandSpec(teams=1, per_team_per_month=3, medium_multiple=1, min_risk_for_high=50)
    risk = np.array([80.0, 40.0, 30.0, 20.0, 10.0, 5.0, 1.0])
    ranks = risk_ranks(risk, list("abcdefg"))
    # ranks 2-3 are within the high capacity but below the minimum risk: 中, like ranks 4-6
    assert bands_by_capacity(risk, ranks, band, 1) == [BAND_HIGH] + [BAND_MEDIUM] * 5 + [BAND_LOW]

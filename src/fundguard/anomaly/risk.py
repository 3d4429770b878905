"""The risk score (rule findings + anomaly rank), ranks, and bands set by review capacity.

Formula (weights in ``models/<name>/model.yaml`` ``risk``):
    rule_raw   = sum(severity_weight * result_type_weight) + amount_weight * log10(1 + vola_amt)
    rule_score = 100 * (1 - exp(-rule_raw / rule_scale))
    risk_score = w_anomaly * anomaly_pct + w_rule * rule_score        (both 0..100)
Bands: 高 = the top ``teams * per_team_per_month * months`` entities whose risk is at least
``min_risk_for_high``; 中 = the next ``medium_multiple`` times as many; the rest 低.  Pure computation.
"""

from __future__ import annotations

import numpy as np

from fundguard.anomaly.spec import BandSpec, RiskSpec

BAND_HIGH, BAND_MEDIUM, BAND_LOW = "高", "中", "低"


def rule_scores(finding_weight: np.ndarray, vola_amt: np.ndarray, spec: RiskSpec) -> np.ndarray:
    """Rule score 0..100 per entity from its weighted finding count and violation amount."""
    weight = np.nan_to_num(finding_weight.astype(np.float64), nan=0.0)
    amount = np.clip(np.nan_to_num(vola_amt.astype(np.float64), nan=0.0), 0.0, None)
    raw = weight + spec.amount_weight * np.log10(1.0 + amount)
    return 100.0 * (1.0 - np.exp(-raw / spec.rule_scale))


def risk_scores(anomaly_pct: np.ndarray, rule_score: np.ndarray, spec: RiskSpec) -> np.ndarray:
    """Weighted combination of anomaly percentile and rule score (0..100)."""
    total = spec.w_anomaly + spec.w_rule
    return (spec.w_anomaly * anomaly_pct + spec.w_rule * rule_score) / total


def blend_supervised(risk: np.ndarray, supervised_pct: np.ndarray | None, weight: float) -> np.ndarray:
    """Re-rank with the feedback layer when it is on (``supervised_pct`` 0..100), else unchanged."""
    if supervised_pct is None:
        return risk
    return (1.0 - weight) * risk + weight * supervised_pct


def risk_ranks(risk: np.ndarray, entity_ids: list[str]) -> np.ndarray:
    """1 = highest risk; ties broken by entity id so ranks are reproducible."""
    # lexsort: last key is primary (vectorised; a Python sort took 4 s for 1.1M insured persons)
    order = np.lexsort((np.asarray(entity_ids, dtype=np.str_), -np.asarray(risk, dtype=np.float64)))
    ranks = np.empty(len(entity_ids), dtype=np.int64)
    ranks[order] = np.arange(1, len(entity_ids) + 1)
    return ranks


def high_capacity(band: BandSpec, n_months: int) -> int:
    """How many entities the review teams can take in the period (the 高 band size)."""
    return band.teams * band.per_team_per_month * max(n_months, 1)


def bands_by_capacity(risk: np.ndarray, ranks: np.ndarray, band: BandSpec,
                      n_months: int) -> list[str]:
    """高/中/低 per entity from its rank and the review capacity (not a contamination rate)."""
    n_high = high_capacity(band, n_months)
    n_medium = int(round(n_high * band.medium_multiple))
    ranks = np.asarray(ranks)
    high = (ranks <= n_high) & (np.asarray(risk) >= band.min_risk_for_high)
    medium = ~high & (ranks <= n_high + n_medium)
    return np.where(high, BAND_HIGH, np.where(medium, BAND_MEDIUM, BAND_LOW)).tolist()  # type: ignore[no-any-return]

"""Inverse-probability-weighted (Horvitz-Thompson) estimates from inspection results of a draw.

Each inspected unit of a draw carries its inclusion probability π; weights are 1/π.  A ratio
R = Σ w·y / Σ w·x (prevalence: x = 1; a rule's precision: x = flagged by the rule; recall: x = has a
violation, y = flagged and violating) is estimated with a linearised variance under the
with-replacement approximation within the draw's strata (singleton strata pooled; certainty units,
π = 1, add no variance).  95 % normal intervals are clipped to [0, 1].  The estimates cover the
draw's eligible registry: objects excluded from the draw (probability 0) are outside it, and drawn
institutions without a recorded result are left out (assumed missing at random).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

Z95 = 1.959963984540054
POOLED_STRATUM = "合并层"


@dataclass(frozen=True, slots=True)
class SampleUnit:
    """One inspected institution of a draw."""

    fixmedins_code: str
    stratum: str
    prob: float
    violation: bool
    categories: frozenset[str] = frozenset()
    """Rule categories (codes) in which a violation was confirmed; empty = not itemised."""
    flagged_by: frozenset[str] = field(default_factory=frozenset)
    """Rule ids with findings for this institution in the draw's year."""

    @property
    def weight(self) -> float:
        return 1.0 / self.prob


@dataclass(frozen=True, slots=True)
class Estimate:
    value: float | None
    se: float | None
    ci_low: float | None
    ci_high: float | None
    n: int
    """Sampled units in the denominator's domain."""


def _variance_strata(units: Sequence[SampleUnit]) -> dict[str, list[SampleUnit]]:
    strata: dict[str, list[SampleUnit]] = defaultdict(list)
    for unit in units:
        if unit.prob < 1.0:
            strata[unit.stratum].append(unit)
    pooled = [u for members in strata.values() if len(members) == 1 for u in members]
    merged = {k: v for k, v in strata.items() if len(v) > 1}
    if pooled:
        merged[POOLED_STRATUM] = merged.get(POOLED_STRATUM, []) + pooled
    return merged


def ratio_estimate(units: Sequence[SampleUnit], numerator: Callable[[SampleUnit], bool],
                   denominator: Callable[[SampleUnit], bool]) -> Estimate:
    """Weighted ratio Σw·num / Σw·den with a linearised standard error and 95 % interval."""
    total_den = sum(u.weight for u in units if denominator(u))
    n = sum(1 for u in units if denominator(u))
    if total_den == 0:
        return Estimate(None, None, None, None, n)
    ratio = sum(u.weight for u in units if numerator(u)) / total_den
    variance = 0.0
    for members in _variance_strata(units).values():
        z = [u.weight * (numerator(u) - ratio * denominator(u)) / total_den for u in members]
        mean = sum(z) / len(z)
        variance += len(z) / (len(z) - 1) * sum((v - mean) ** 2 for v in z)
    se = math.sqrt(variance)
    return Estimate(ratio, se, max(0.0, ratio - Z95 * se), min(1.0, ratio + Z95 * se), n)


def violates_category(unit: SampleUnit, category: str | None) -> bool:
    """A confirmed violation of ``category`` (any violation when results are not itemised)."""
    if not unit.violation:
        return False
    return not unit.categories or category is None or category in unit.categories


def prevalence(units: Sequence[SampleUnit]) -> Estimate:
    return ratio_estimate(units, lambda u: u.violation, lambda u: True)


def prevalence_unflagged(units: Sequence[SampleUnit]) -> Estimate:
    """Violation prevalence among institutions no rule flagged (what the rules miss)."""
    return ratio_estimate(units, lambda u: u.violation and not u.flagged_by,
                          lambda u: not u.flagged_by)


def rule_precision(units: Sequence[SampleUnit], rule_id: str, category: str | None) -> Estimate:
    return ratio_estimate(units, lambda u: rule_id in u.flagged_by and violates_category(u, category),
                          lambda u: rule_id in u.flagged_by)


def rule_recall(units: Sequence[SampleUnit], rule_id: str, category: str | None) -> Estimate:
    """Share of violating institutions (of the rule's category) the rule flagged, flagged or not."""
    return ratio_estimate(units, lambda u: rule_id in u.flagged_by and violates_category(u, category),
                          lambda u: violates_category(u, category))

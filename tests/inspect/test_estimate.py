import random
from dataclasses import replace

from tests.inspect.inspect_builders import make_plan

from fundguard.inspect.draw import RegistryObject, draw_objects
from fundguard.inspect.estimate import (
    SampleUnit,
    prevalence,
    prevalence_unflagged,
    rule_precision,
    rule_recall,
)
from fundguard.inspect.estimate_report import estimate_rows

VIOLATION_RATE = {"A": 0.05, "B": 0.15, "C": 0.35, "D": 0.6, "E": 0.8}


def _population(n=1500, seed=0):
    """Institutions with grades, a known violation status, and a rule that flags most violators."""
    rng = random.Random(seed)
    units = []
    for i in range(n):
        grade = "ABCDE"[rng.choices(range(5), weights=[30, 35, 20, 10, 5])[0]]
        violation = rng.random() < VIOLATION_RATE[grade]
        flagged = rng.random() < (0.7 if violation else 0.1)
        obj = RegistryObject(f"H{i:011d}", "HP"[i % 2], "3", str(440100 + i % 4), grade, "credit_rating")
        units.append((obj, violation, flagged))
    return units


def _sample(population, seed, plan):
    by_code = {o.fixmedins_code: (v, f) for o, v, f in population}
    drawn = draw_objects([o for o, _, _ in population], plan, seed)
    return [SampleUnit(d.fixmedins_code, d.stratum, d.inclusion_prob, by_code[d.fixmedins_code][0],
                       frozenset(), frozenset({"r1"}) if by_code[d.fixmedins_code][1] else frozenset())
            for d in drawn if d.selected]


def _truth(population):
    n_viol = sum(v for _, v, _ in population)
    flagged = [v for _, v, f in population if f]
    unflagged = [v for _, v, f in population if not f]
    both = sum(v and f for _, v, f in population)
    return {"prev": n_viol / len(population), "unflagged": sum(unflagged) / len(unflagged),
            "precision": sum(flagged) / len(flagged), "recall": both / n_viol}


def test_ipw_prevalence_is_within_its_interval_and_beats_the_naive_mean():
    population, plan = _population(), make_plan()
    truth = _truth(population)
    units = _sample(population, 2026, plan)
    est = prevalence(units)
    assert est.ci_low <= truth["prev"] <= est.ci_high
    naive = sum(u.violation for u in units) / len(units)
    assert abs(est.value - truth["prev"]) < abs(naive - truth["prev"])


def test_interval_coverage_over_many_draws_is_near_nominal():
    population, plan = _population(), make_plan()
    truth = _truth(population)
    measures = {
        "prev": prevalence, "unflagged": prevalence_unflagged,
        "precision": lambda u: rule_precision(u, "r1", None),
        "recall": lambda u: rule_recall(u, "r1", None),
    }
    covered = dict.fromkeys(measures, 0)
    n_draws = 100
    for seed in range(n_draws):
        units = _sample(population, seed, plan)
        for key, fn in measures.items():
            est = fn(units)
            covered[key] += est.ci_low <= truth[key] <= est.ci_high
    for key, hits in covered.items():
        assert hits / n_draws >= 0.85, (key, hits / n_draws)


def test_certainty_units_add_no_variance_and_empty_domain_gives_none():
    units = [SampleUnit("a", "s", 1.0, True), SampleUnit("b", "s", 1.0, False)]
    est = prevalence(units)
    assert (est.value, est.se, est.n) == (0.5, 0.0, 2)
    assert rule_precision(units, "r9", None).value is None


def test_category_specific_precision_uses_itemised_results():
    units = [SampleUnit("a", "s", 0.5, True, frozenset({"billing"}), frozenset({"r1"})),
             SampleUnit("b", "s", 0.5, True, frozenset({"inventory"}), frozenset({"r1"}))]
    assert rule_precision(units, "r1", "billing").value == 0.5
    assert rule_precision(units, "r1", None).value == 1.0
    rows = estimate_rows(units, [{"rule_id": "r1", "rule_name": "规则一", "category": "收费类"}])
    assert [(r["measure"], r["value"]) for r in rows] == [
        ("违规检出率(全部机构)", 1.0), ("违规检出率(未被任何规则命中的机构)", None),
        ("规则精确率", 0.5), ("规则召回率", 1.0),
    ]


def test_weights_are_inverse_probabilities():
    unit = SampleUnit("a", "s", 0.25, True)
    assert unit.weight == 4.0
    assert replace(unit, prob=0.5).weight == 2.0

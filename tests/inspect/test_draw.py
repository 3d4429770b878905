from collections import Counter, defaultdict
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st
from tests.inspect.inspect_builders import make_objects, make_plan

from fundguard.inspect.draw import SCALE, draw_objects, systematic_pps, uniform


def test_same_seed_and_registry_give_identical_draw():
    objects, plan = make_objects(120), make_plan()
    assert draw_objects(objects, plan, 7) == draw_objects(list(reversed(objects)), plan, 7)
    assert draw_objects(objects, plan, 7) != draw_objects(objects, plan, 8)


def test_inclusion_probability_is_the_grade_ratio():
    plan = make_plan(ratios={"A": 0.05, "B": 0.1, "C": 0.3, "D": 0.6, "E": 1.0})
    drawn = {o.fixmedins_code: o for o in draw_objects(make_objects(50), plan, 1)}
    for obj in make_objects(50):
        assert drawn[obj.fixmedins_code].inclusion_prob == plan.ratios[obj.grade]
    assert all(o.selected for o in drawn.values() if o.credit_grade == "E")


def test_stratum_sample_size_is_floor_or_ceil_of_expected():
    objects, plan = make_objects(300), make_plan()
    for seed in range(20):
        drawn = draw_objects(objects, plan, seed)
        expected, got = defaultdict(float), Counter()
        for o in drawn:
            expected[o.stratum] += o.inclusion_prob
            got[o.stratum] += o.selected
        for stratum, total in expected.items():
            assert int(total + 1e-9) <= got[stratum] <= int(total + 1e-9) + 1


def test_empirical_selection_frequencies_match_configured_ratios():
    objects, plan = make_objects(200), make_plan()
    n_seeds = 300
    hits, units = Counter(), Counter(o.grade for o in objects)
    for seed in range(n_seeds):
        for o in draw_objects(objects, plan, seed):
            hits[o.credit_grade] += o.selected
    for grade, ratio in plan.ratios.items():
        trials = units[grade] * n_seeds
        freq = hits[grade] / trials
        tolerance = 4 * (ratio * (1 - ratio) / trials) ** 0.5 + 1e-9
        assert abs(freq - ratio) <= tolerance, (grade, freq, ratio)


def test_inspected_this_year_is_excluded_unless_a_clue_exists():
    objects = make_objects(10)
    objects[0] = replace(objects[0], grade="E", inspected_this_year=True)
    objects[1] = replace(objects[1], grade="E", inspected_this_year=True, has_clue=True)
    drawn = {o.fixmedins_code: o for o in draw_objects(objects, make_plan(), 3)}
    first, second = drawn[objects[0].fixmedins_code], drawn[objects[1].fixmedins_code]
    assert (first.selection_kind, first.inclusion_prob, first.selected) == ("excluded", 0.0, False)
    assert first.exclusion_reason
    assert (second.selection_kind, second.selected) == ("random", True)


def test_top_risk_institutions_are_picked_with_certainty():
    objects = make_objects(20)
    objects[5] = replace(objects[5], grade="A", risk_rank=1, inspected_this_year=True)
    objects[6] = replace(objects[6], grade="A", risk_rank=2)
    objects[7] = replace(objects[7], grade="A", risk_rank=3)
    drawn = {o.fixmedins_code: o for o in draw_objects(objects, make_plan(risk_picks=2), 4)}
    assert [drawn[objects[i].fixmedins_code].selection_kind for i in (5, 6, 7)] == ["risk", "risk", "random"]
    assert drawn[objects[5].fixmedins_code].inclusion_prob == 1.0


@hyp_settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(0.0, 1.0), min_size=1, max_size=12), st.floats(0.0, 0.999999))
def test_systematic_pps_selects_floor_or_ceil_of_total(probs, start):
    units = [(f"u{i}", p) for i, p in enumerate(probs)]
    chosen = systematic_pps(units, start)
    total = sum(round(p * SCALE) for p in probs)
    assert total // SCALE <= len(chosen) <= -(-total // SCALE)
    assert all(p > 0 for code, p in units if code in chosen)
    assert {code for code, p in units if p >= 1.0} <= chosen


def test_uniform_is_reproducible_and_in_unit_interval():
    values = [uniform(5, "order", f"H{i}") for i in range(1000)]
    assert values == [uniform(5, "order", f"H{i}") for i in range(1000)]
    assert all(0 <= v < 1 for v in values)
    assert 0.45 < sum(values) / len(values) < 0.55


def test_plan_refuses_missing_grade_ratio(tmp_path):
    from fundguard.errors import ConfigError
    from fundguard.inspect.plan import load_plan

    path = tmp_path / "p.yaml"
    path.write_text("name: 测试\nyear: 2026\ncheck_item: 检查\nratios: {A: 0.1}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="抽查计划格式错误"):
        load_plan(path)


def test_example_plan_loads(settings):
    from fundguard.inspect.plan import load_plan

    plan = load_plan(settings.config_dir / "inspection" / "draw_plan.example.yaml")
    assert plan.team_size >= 2 and plan.ratios["A"] < plan.ratios["D"]

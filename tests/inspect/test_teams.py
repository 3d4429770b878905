import pytest
from hypothesis import given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st
from tests.inspect.inspect_builders import make_inspector, make_plan

from fundguard.errors import ConfigError
from fundguard.inspect.roster import load_roster
from fundguard.inspect.teams import ROLE_ENFORCER, ROLE_EXPERT, draw_teams

CODES = [f"H44010{i % 3}{i:05d}" for i in range(12)]


@st.composite
def rosters(draw):
    """10-16 inspectors, most qualified, each with random declared conflicts among CODES."""
    n = draw(st.integers(10, 16))
    people = []
    for i in range(n):
        conflicts = draw(st.lists(st.sampled_from(CODES), max_size=4, unique=True))
        kinds = draw(st.lists(st.sampled_from(["亲属", "经济利益", "曾任职"]),
                              min_size=len(conflicts), max_size=len(conflicts)))
        people.append(make_inspector(i, qualified=i < n - 2, conflicts=tuple(zip(conflicts, kinds, strict=True)),
                                     expert="药学" if i % 4 == 0 else ""))
    return people


@hyp_settings(max_examples=60, deadline=None)
@given(rosters(), st.integers(0, 10**9), st.lists(st.sampled_from(CODES), min_size=1, max_size=6,
                                                    unique=True))
def test_teams_never_include_a_conflicted_inspector(roster, seed, selected):
    plan = make_plan(experts_per_team=1, max_assignments_per_inspector=6)
    by_id = {p.inspector_id: p for p in roster}
    try:
        members = draw_teams(selected, roster, plan, seed)
    except ConfigError:
        eligible = [{p for p in roster if p.qualified and not p.conflicted_with(c)} for c in selected]
        assert any(len(e) < 2 for e in eligible) or len(selected) * 2 > 6 * len(roster)
        return
    for member in members:
        assert not by_id[member.inspector_id].conflicted_with(member.fixmedins_code)
    for code in selected:
        team = [m for m in members if m.fixmedins_code == code]
        enforcers = [m for m in team if m.role == ROLE_ENFORCER]
        assert len(enforcers) >= 2
        assert all(by_id[m.inspector_id].qualified for m in enforcers)
        assert len({m.inspector_id for m in team}) == len(team)


def test_no_conflicted_inspector_over_many_seeds(settings):
    roster = load_roster(settings.config_dir / "inspection" / "inspectors.csv")
    conflicted = {(p.inspector_id, code) for p in roster for code, _ in p.conflicts}
    codes = sorted({code for _, code in conflicted})
    qualified = {p.inspector_id for p in roster if p.qualified}
    for seed in range(300):
        members = draw_teams(codes, roster, make_plan(experts_per_team=1), seed)
        assert not {(m.inspector_id, m.fixmedins_code) for m in members} & conflicted
        for code in codes:
            assert sum(m.inspector_id in qualified for m in members if m.fixmedins_code == code) >= 2


def test_same_seed_gives_same_teams_and_rotation_avoids_recent_pairs():
    roster = [make_inspector(i) for i in range(8)]
    plan = make_plan(max_assignments_per_inspector=8)
    first = draw_teams(CODES[:3], roster, plan, 11)
    assert first == draw_teams(CODES[:3], roster, plan, 11)
    recent = {(m.inspector_id, m.fixmedins_code) for m in first}
    second = draw_teams(CODES[:3], roster, plan, 11, recent)
    assert not {(m.inspector_id, m.fixmedins_code) for m in second} & recent


def test_cross_district_teams_come_from_other_districts():
    from dataclasses import replace

    roster = [replace(make_inspector(i), district=str(230302 + i % 3)) for i in range(9)]
    districts = {code: str(230302 + i % 3) for i, code in enumerate(CODES[:6])}
    members = draw_teams(CODES[:6], roster, make_plan(cross_district=True), 4, None, districts)
    by_id = {p.inspector_id: p for p in roster}
    assert members and all(by_id[m.inspector_id].district != districts[m.fixmedins_code]
                           for m in members)


def test_workload_cap_is_respected():
    roster = [make_inspector(i) for i in range(6)]
    members = draw_teams(CODES[:6], roster, make_plan(max_assignments_per_inspector=2), 3)
    counts = {}
    for m in members:
        counts[m.inspector_id] = counts.get(m.inspector_id, 0) + 1
    assert max(counts.values()) <= 2


def test_too_few_unconflicted_inspectors_is_a_clear_error():
    roster = [make_inspector(0), make_inspector(1, conflicts=((CODES[0], "亲属"),)),
              make_inspector(2, qualified=False)]
    with pytest.raises(ConfigError, match="执法人员不足"):
        draw_teams([CODES[0]], roster, make_plan(), 1)


def test_experts_are_added_when_requested():
    roster = [make_inspector(i) for i in range(4)] + [make_inspector(9, qualified=False, expert="药学")]
    members = draw_teams([CODES[0]], roster, make_plan(experts_per_team=1), 2)
    assert [m.inspector_id for m in members if m.role == ROLE_EXPERT] == ["JC009"]


def test_repository_roster_loads_with_conflicts(settings):
    roster = load_roster(settings.config_dir / "inspection" / "inspectors.csv")
    assert sum(p.qualified for p in roster) >= 10
    assert any(p.conflicts for p in roster)
    assert all(kind in {"亲属", "经济利益", "曾任职"} for p in roster for _, kind in p.conflicts)


def test_bad_conflict_kind_is_refused(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("人员编号,姓名,执法资格,利益冲突\nJC1,甲,是,H1:朋友\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="利益冲突类型无效"):
        load_roster(path)


def test_roster_can_be_maintained_as_xlsx(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["人员编号", "姓名", "执法资格", "所属区县", "单位", "专业领域", "利益冲突"])
    sheet.append(["JC9", "甲", "是", "230302", "市医保局", "药学；临床医学", "H1:亲属；P2：曾任职"])
    book.save(tmp_path / "r.xlsx")
    (person,) = load_roster(tmp_path / "r.xlsx")
    assert person.qualified and person.expert_fields == ("药学", "临床医学")
    assert person.conflicts == (("H1", "亲属"), ("P2", "曾任职"))
    assert person.conflicted_with("P2") and not person.conflicted_with("H2")

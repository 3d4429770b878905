from datetime import datetime
from decimal import Decimal
from pathlib import Path

from tests.cases.factories import add_finding, add_risk, seed_reference

from fundguard.cases.build import build_cases
from fundguard.cases.config import workflow_config

REPO = Path(__file__).resolve().parents[2]
CFG = workflow_config(REPO / "config")
SQL = REPO / "sql"


def _snapshot(con):
    cases = con.execute("select * from case_file order by case_id").fetchall()
    events = con.execute("select * from case_event order by event_id").fetchall()
    links = con.execute("select * from case_finding order by finding_id").fetchall()
    return cases, events, links


def _build(con, run_id="r1"):
    return build_cases(con, SQL, CFG, run_id, now=datetime(2026, 4, 1, 2, 0))


def test_findings_group_into_stable_cases_and_rerun_changes_nothing(duck):
    seed_reference(duck)
    add_finding(duck, "a")
    add_finding(duck, "b", vola_amt=Decimal("300.50"), severity="high")
    add_finding(duck, "c", fixmedins_code="P23030300001", staff_code=None)
    add_finding(duck, "d", hit_unit="entity", rule_id="doctor_overload", category="医疗类",
                setl_id=None)
    result = _build(duck)
    assert result.new_cases == 3 and result.linked_findings == 4
    rows = duck.execute(
        "select entity_type, entity_id, queue, amt_identified, severity, status, n_findings"
        " from case_file order by entity_type").fetchall()
    assert rows == [
        ("institution", "H23030200001", "鸡冠区/医疗机构", Decimal("1500.50"), "high", "初审", 2),
        ("pharmacy", "P23030300001", "恒山区/药店", Decimal("1200.00"), "medium", "初审", 1),
        ("staff", "D230302000001", "鸡冠区/医务人员", Decimal("1200.00"), "medium", "初审", 1),
    ]
    before = _snapshot(duck)
    again = _build(duck, run_id="r2")
    assert again.as_counts() == dict.fromkeys(again.as_counts(), 0)
    assert _snapshot(duck) == before


def test_new_finding_appends_to_open_case_with_event(duck):
    seed_reference(duck)
    add_finding(duck, "a")
    _build(duck)
    add_finding(duck, "b")
    result = _build(duck, run_id="r2")
    assert (result.new_cases, result.appended_cases) == (0, 1)
    (n, amt) = duck.execute("select n_findings, amt_identified from case_file").fetchone()
    assert (n, amt) == (2, Decimal("2400.00"))
    actions = [r[0] for r in duck.execute("select action from case_event order by seq").fetchall()]
    assert actions == ["open", "append"]


def test_dismissed_case_returns_only_with_new_evidence(duck):
    seed_reference(duck)
    add_finding(duck, "a")
    _build(duck)
    duck.execute("update case_file set status = '结案', disposition = '排除'")
    assert _build(duck, "r2").reopened_cases == 0
    assert duck.execute("select status from case_file").fetchone() == ("结案",)
    add_finding(duck, "new")
    assert _build(duck, "r3").reopened_cases == 1
    assert duck.execute("select status, disposition from case_file").fetchone() == ("初审", None)


def test_high_risk_flag_opens_case_and_raises_priority(duck):
    seed_reference(duck)
    add_finding(duck, "a")
    add_risk(duck, "institution", "H23030200001", "2026-03", 80.0, "高")
    add_risk(duck, "insured", "P0002", "2026-03", 10.0, "低")
    result = _build(duck)
    assert result.linked_flags == 1 and result.new_cases == 2
    prio = dict(duck.execute("select behaviour_group, priority from case_file").fetchall())
    # 1200 × weight(medium)=2 × (1 + 80/100)
    assert prio["政策类"] == Decimal("4320.00")
    assert prio["风险异常"] == Decimal("100") * 3 * Decimal("1.8")
    assert _build(duck, "r2").linked_flags == 0


def test_entity_rules_are_charged_to_their_declared_subject():
    from fundguard.cases.config import effective_config, rule_subjects

    subjects = rule_subjects(REPO / "rules")
    assert subjects["frequent_outpatient"] == "insured" and subjects["doctor_overload"] == "staff"
    assert effective_config(REPO / "config", REPO / "rules").rules_charged_to("insured")


def test_an_annual_span_score_opens_no_case(duck):
    seed_reference(duck)
    add_risk(duck, "institution", "H23030200001", "2026-01..2026-12", 90.0, "高", run_id="risk-score-1")
    add_risk(duck, "staff", "D0001", "2026-03", 85.0, "高")
    result = _build(duck)
    opened = duck.execute("select entity_type, period from case_file").fetchall()
    assert result.new_cases == 1 and opened == [("staff", "2026-03")]

"""Credit from decided cases: ledger → grades with explanations; staff 9/12 points; insured measures."""

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from tests.cases.factories import add_finding, add_visit, case_id_of, drive_case, seed_reference

from fundguard.cases.build import build_cases
from fundguard.cases.config import workflow_config
from fundguard.cases.store import record_decision
from fundguard.cases.workflow import Decision
from fundguard.credit.stage import recompute_credit
from fundguard.rules.catalog import load_rule
from fundguard.rules.runner import RunRequest, run_rules

REPO = Path(__file__).resolve().parents[2]
SQL, CONFIG = REPO / "sql", REPO / "config"
FRAUD = "《医疗保障基金使用监督管理条例》第四十条第(三)项"


def _build(con):
    build_cases(con, SQL, workflow_config(CONFIG), "r1", now=datetime(2026, 4, 1))


def _grades(con):
    return {r[0]: r[1:] for r in con.execute(
        "select entity_id, grade, score, explanation from credit_rating_current").fetchall()}


def test_confirmed_cases_give_expected_grades_with_explanations(duck):
    seed_reference(duck)
    add_finding(duck, "h1", severity="critical")                                 # 第38条: -120
    add_finding(duck, "h2", event_date=date(2026, 2, 3))                          # dismissed later
    add_finding(duck, "p1", fixmedins_code="P23030300001", staff_code=None, legal_basis=FRAUD)
    _build(duck)
    hospital = case_id_of(duck, "H23030200001", "2026-03")
    drive_case(duck, SQL, hospital, "confirm_violation", datetime(2026, 4, 10),
               returned=Decimal("1200"), flags={"voluntary_return": True})
    drive_case(duck, SQL, case_id_of(duck, "H23030200001", "2026-02"), "dismiss", datetime(2026, 4, 10))
    drive_case(duck, SQL, case_id_of(duck, "P23030300001"), "confirm_fraud", datetime(2026, 4, 11),
               measure="移送")
    counts = recompute_credit(duck, SQL, CONFIG, date(2026, 4, 30), "r2")
    assert counts["ledger_entries"] == 4  # hospital deduction + bonus; pharmacy deduction + floor
    grades = _grades(duck)
    assert grades["H23030200001"][:2] == ("C", 890)   # 1000 - 120 + 10 (主动退回)
    assert grades["P23030300001"][0] == "E" and "移送" in grades["P23030300001"][2]
    assert "扣分 1 项共 -120 分 (第38条 -120 分)" in grades["H23030200001"][2]
    assert "加分 1 项共 +10 分 (主动退回 +10 分)" in grades["H23030200001"][2]
    assert recompute_credit(duck, SQL, CONFIG, date(2026, 4, 30), "r3") == dict.fromkeys(counts, 0)


def test_rectified_case_is_repaired_after_six_clean_months(duck):
    seed_reference(duck)
    add_finding(duck, "h1", severity="high")
    _build(duck)
    cid = case_id_of(duck, "H23030200001")
    drive_case(duck, SQL, cid, "confirm_violation", datetime(2026, 4, 10))
    record_decision(duck, SQL, cid, Decision("rectify", "tester", "整改报告已审核"),
                    now=datetime(2026, 5, 1))
    recompute_credit(duck, SQL, CONFIG, date(2026, 10, 31), "r2")
    assert _grades(duck)["H23030200001"][:2] == ("B", 920)
    recompute_credit(duck, SQL, CONFIG, date(2026, 11, 1), "r3")
    grade, score, explanation = _grades(duck)["H23030200001"]
    assert (grade, score) == ("A", 960)  # half of the 80 points restored
    assert "信用修复 1 项共 +40 分" in explanation


def test_staff_suspended_at_nine_and_terminated_at_twelve(duck):
    seed_reference(duck)
    doc = "D230302000002"
    for key, month in (("s1", 1), ("s2", 2), ("s3", 3)):
        add_finding(duck, key, hit_unit="entity", rule_id="doctor_overload", staff_code=doc,
                    event_date=date(2026, month, 10))
    _build(duck)
    cases = [case_id_of(duck, doc, f"2026-0{m}") for m in (1, 2)]
    for day, cid in enumerate(cases, start=1):
        drive_case(duck, SQL, cid, "confirm_violation", datetime(2026, 4, day))
    recompute_credit(duck, SQL, CONFIG, date(2026, 4, 30), "r2")
    status = duck.execute("select status, begin_date, end_date, reason from staff_status").fetchall()
    assert [s[:3] for s in status] == [("2", date(2026, 4, 2), date(2026, 7, 1))]  # 10 points: 3 months
    assert cases[1] in status[0][3]
    drive_case(duck, SQL, case_id_of(duck, doc, "2026-03"), "confirm_violation", datetime(2026, 4, 20))
    recompute_credit(duck, SQL, CONFIG, date(2026, 4, 30), "r3")
    rows = duck.execute("select status, begin_date from staff_status order by begin_date").fetchall()
    assert rows == [("2", date(2026, 4, 2)), ("3", date(2026, 4, 20))]
    (total,) = duck.execute("select sum(points) from staff_points where psn_code = $p", {"p": doc}).fetchone()
    assert total == 15
    # fed back: a line the suspended doctor bills is flagged by the ineligible-staff rule
    add_visit(duck, "S9", datetime(2026, 4, 10, 9), doc, [("1", "001203000010000", 5, 1)])
    rule = load_rule(REPO / "rules" / "behavior" / "suspended_staff_billing.yaml")
    run_rules(duck, [rule], RunRequest("r4", date(2026, 4, 1), date(2026, 4, 30)), SQL)
    assert duck.execute("select setl_id, staff_code from finding where rule_id = 'suspended_staff_billing'"
                        ).fetchall() == [("S9", doc)]


def test_insured_case_gives_settlement_suspension(duck):
    seed_reference(duck)
    add_finding(duck, "i1", hit_unit="entity", rule_id="frequent_outpatient", fixmedins_code=None,
                staff_code=None, psn_no="P0002", vola_amt=Decimal("3500.00"), legal_basis=FRAUD)
    _build(duck)
    drive_case(duck, SQL, case_id_of(duck, "P0002"), "confirm_fraud", datetime(2026, 4, 5))
    recompute_credit(duck, SQL, CONFIG, date(2026, 4, 30), "r2")
    assert duck.execute("select measure, begin_date, end_date, months from insured_measure").fetchall() == [
        ("暂停联网结算", date(2026, 4, 5), date(2027, 1, 4), 9)]


def test_reopened_then_dismissed_case_reverses_its_points(duck):
    seed_reference(duck)
    add_finding(duck, "p1", fixmedins_code="P23030300001", staff_code=None, legal_basis=FRAUD)
    _build(duck)
    cid = case_id_of(duck, "P23030300001")
    drive_case(duck, SQL, cid, "confirm_fraud", datetime(2026, 4, 11), measure="移送")
    recompute_credit(duck, SQL, CONFIG, date(2026, 4, 30), "r2")
    assert _grades(duck)["P23030300001"][0] == "E"
    add_finding(duck, "p2", fixmedins_code="P23030300001", staff_code=None, legal_basis=FRAUD)
    _build(duck)  # new evidence reopens the case; a second review dismisses it
    record_decision(duck, SQL, cid, Decision("dismiss", "tester", "复核: 系系统对接错误"),
                    now=datetime(2026, 5, 3))
    recompute_credit(duck, SQL, CONFIG, date(2026, 5, 31), "r3")
    grade, score, explanation = _grades(duck)["P23030300001"]
    assert (grade, score) == ("A", 1000) and "撤销 1 项共 +150 分" in explanation
    assert recompute_credit(duck, SQL, CONFIG, date(2026, 5, 31), "r4")["ledger_entries"] == 0

"""Inspection results feed cases and the credit ledger (issue 7 item 5), on real DuckDB tables."""

from datetime import date, datetime
from decimal import Decimal

from tests.cases.factories import seed_reference

from fundguard.cases import stage as cases_stage
from fundguard.cases.inspections import case_inspections
from fundguard.cases.store import record_decision
from fundguard.cases.workflow import Decision
from fundguard.credit.stage import recompute_credit
from fundguard.db.connection import connect
from fundguard.db.migrate import apply_migrations
from fundguard.inspect.intake import outcome_lines, record_and_route
from fundguard.inspect.results import record_results
from fundguard.ops.context import RunContext

HEADER = "机构编码,检查日期,抽查编号,现场检查,检查事项,发现违规,违规类别,违规金额,基金损失,检查结论,处理,法律依据,严重程度\n"
HOSPITAL = "H23030200001,2026-04-15,D0000000000001,是,诊疗项目收费;进销存,是,收费类;进销存类,12580.00,9800.00,重复收费,协议处理,{basis},{sev}\n"
CLEAN = "P23030300001,2026-04-16,D0000000000001,是,医保结算,否,,0,0,未发现问题,,,\n"
TABLES = ("inspection_result", "case_file", "case_event", "case_inspection", "credit_ledger")
AT = datetime(2026, 4, 20, 9)


def _file(tmp_path, *rows, name="results.csv"):
    path = tmp_path / name
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    return path


def _hospital(basis="", sev="", amount="12580.00"):
    return HOSPITAL.format(basis=basis, sev=sev).replace("12580.00", amount)


def _state(con):
    return {t: con.execute(f"select * from {t} order by all").fetchall() for t in TABLES}


def _case(con):
    rows = con.execute("select case_id, entity_type, status, source, behaviour_group, amt_identified,"
                       " fund_identified, severity, legal_basis, result_type, n_findings, first_run_id"
                       " from case_file").fetchall()
    assert len(rows) == 1, rows
    return dict(zip(("case_id", "entity_type", "status", "source", "group", "amt", "fund", "severity",
                     "legal_basis", "result_type", "n_findings", "first_run_id"), rows[0], strict=True))


def _decide(con, settings, case_id, *actions, measure=None):
    for action in actions:
        record_decision(con, settings.sql_dir, case_id,
                        Decision(action, "tester", f"测试 {action}", measure=measure if action == "close"
                                 else None), now=AT)


def test_violation_opens_one_onsite_case_at_appeal_with_evidence(duck, settings, tmp_path):
    seed_reference(duck)
    outcome = record_and_route(duck, settings, _file(tmp_path, _hospital(), CLEAN), now=AT)
    case = _case(duck)
    assert case | {"case_id": None} == {
        "case_id": None, "entity_type": "institution", "status": "申诉", "source": "现场检查",
        "group": "现场检查", "amt": Decimal("12580.00"), "fund": Decimal("9800.00"),
        "severity": "medium", "legal_basis": "《医疗保障基金使用监督管理条例》第三十八条",
        "result_type": "明确违规", "n_findings": 0, "first_run_id": None}
    [change] = outcome.cases
    assert (change.case_id, change.action, change.to_state) == (case["case_id"], "open", "申诉")
    [event] = duck.execute("select action, from_state, to_state, reason from case_event").fetchall()
    assert event[:3] == ("open", None, "申诉")
    assert "D0000000000001" in event[3] and "收费类、进销存类" in event[3] and "陈述申辩" in event[3]
    [evidence] = case_inspections(duck, settings.sql_dir, case["case_id"])
    assert (evidence["draw_id"], evidence["categories_zh"], evidence["violation_amount"]) == (
        "D0000000000001", "收费类、进销存类", Decimal("12580.00"))
    lines = outcome_lines(outcome)
    assert lines[1] == "案件: 新立案 1 件" and case["case_id"] in lines[2] and "→ 申诉" in lines[2]
    # the clean pharmacy: no case, a 0-point ledger note
    assert duck.execute("select entity_id, points, kind, basis from credit_ledger").fetchall() == [
        ("P23030300001", 0, "inspection", "现场检查")]
    assert outcome.n_clean_notes == 1 and "不计分" in lines[-1]


def test_rerecording_the_same_file_changes_nothing(duck, settings, tmp_path):
    seed_reference(duck)
    path = _file(tmp_path, _hospital(), CLEAN)
    record_and_route(duck, settings, path, now=AT)
    first = _state(duck)
    again = record_and_route(duck, settings, path, now=datetime(2026, 4, 21))
    assert (again.n_rows, again.cases, again.n_clean_notes) == (2, [], 0)
    assert _state(duck) == first
    assert "没有需要新立案或更新的案件" in outcome_lines(again)[1]


def test_confirmed_onsite_case_reaches_the_ledger_and_grade(duck, settings, tmp_path):
    seed_reference(duck)
    record_and_route(duck, settings, _file(tmp_path, _hospital("条例第三十八条第(三)项", "较重"), CLEAN),
                     now=AT)
    case_id = _case(duck)["case_id"]
    _decide(duck, settings, case_id, "no_appeal", "confirm_violation", "close", measure="协议处理")
    counts = recompute_credit(duck, settings.sql_dir, settings.config_dir, date(2026, 4, 30), "n1")
    assert counts["ledger_entries"] == 1  # the deduction (the clean note was written at intake)
    ledger = duck.execute("select entity_id, points, kind, basis, severity, case_id from credit_ledger"
                          " where kind = 'deduction'").fetchall()
    assert ledger == [("H23030200001", -80, "deduction", "第38条", "high", case_id)]  # 第38条 × high
    grades = dict(duck.execute("select entity_id, grade || ':' || score from credit_rating_current")
                  .fetchall())
    assert grades == {"H23030200001": "B:920", "P23030300001": "A:1000"}
    [explanation] = duck.execute("select explanation from credit_rating_current"
                                 " where entity_id = 'P23030300001'").fetchone()
    assert "现场检查未发现违规 1 次" in explanation and "不计分" in explanation


def test_an_onsite_case_cannot_skip_the_institutions_statement(duck, settings, tmp_path):
    import pytest

    from fundguard.errors import WorkflowError

    seed_reference(duck)
    record_and_route(duck, settings, _file(tmp_path, _hospital()), now=AT)
    with pytest.raises(WorkflowError, match="申诉"):
        _decide(duck, settings, _case(duck)["case_id"], "confirm_violation")


def test_corrected_result_reopens_the_closed_case_with_the_new_amount(duck, settings, tmp_path):
    seed_reference(duck)
    record_and_route(duck, settings, _file(tmp_path, _hospital()), now=AT)
    case_id = _case(duck)["case_id"]
    _decide(duck, settings, case_id, "appeal", "confirm_violation", "close", measure="行政处罚")
    corrected = record_and_route(duck, settings, _file(tmp_path, _hospital(amount="15000.00"),
                                                       name="corrected.csv"), now=datetime(2026, 5, 1))
    assert [(c.case_id, c.action, c.from_state, c.to_state) for c in corrected.cases] == [
        (case_id, "reopen", "结案", "申诉")]
    case = _case(duck)
    assert (case["status"], case["amt"]) == ("申诉", Decimal("15000.00"))
    reason = duck.execute("select reason from case_event where action = 'reopen'").fetchone()[0]
    assert "更正 1 份" in reason and "15000.00" in reason
    assert duck.execute("select count(*) from case_inspection").fetchone()[0] == 2


def test_offsite_result_enters_at_first_review(duck, settings, tmp_path):
    seed_reference(duck)
    offsite = _hospital().replace(",是,诊疗", ",否,诊疗")
    record_and_route(duck, settings, _file(tmp_path, offsite, CLEAN.replace(",是,医保", ",否,医保")),
                     now=AT)
    case = _case(duck)
    assert (case["status"], case["source"]) == ("初审", "非现场检查")
    assert duck.execute("select count(*) from credit_ledger").fetchone()[0] == 0  # not an on-site check


def test_nightly_stage_picks_up_results_and_claims_cases_opened_between_nights(settings, tmp_path):
    with connect(settings) as con:
        apply_migrations(con, settings.sql_dir)
        seed_reference(con)
        may = CLEAN.replace("P23030300001,2026-04-16", "H23030200001,2026-05-03").replace(
            ",否,,0", ",是,收费类,300")
        record_and_route(con, settings, _file(tmp_path, may, name="may.csv"), now=AT)  # no run
        record_results(con, settings, _file(tmp_path, _hospital()))  # stored, not routed yet
        assert con.execute("select period, first_run_id from case_file").fetchall() == [("2026-05", None)]
    ctx = RunContext(run_id="night-1", run_date=date(2026, 5, 5), period_start=date(2026, 5, 1),
                     period_end=date(2026, 5, 5))
    counts = cases_stage.run(settings, ctx)
    assert (counts["cases_new"], counts["inspections_linked"]) == (1, 1)
    with connect(settings) as con:
        first = _state(con)
        runs = con.execute("select period, status, first_run_id from case_file order by period").fetchall()
    assert runs == [("2026-04", "申诉", "night-1"), ("2026-05", "申诉", "night-1")]
    again = cases_stage.run(settings, RunContext(run_id="night-2", run_date=ctx.run_date,
                                                 period_start=ctx.period_start, period_end=ctx.period_end))
    assert set(again.values()) == {0}
    with connect(settings) as con:
        assert _state(con) == first


def test_record_command_names_the_cases_and_show_says_where_they_came_from(city_db, tmp_path):
    import json

    from typer.testing import CliRunner

    from fundguard.cli.main import app

    runner = CliRunner()
    path = _file(tmp_path, _hospital().replace("H23030200001", "H44010600001"))
    recorded = runner.invoke(app, ["inspect", "record", str(path)])
    assert recorded.exit_code == 0, recorded.output
    case_line = recorded.stdout.splitlines()[2].split()
    assert case_line[1:5] == ["H44010600001", "2026-04", "现场检查", "新立案"]
    again = runner.invoke(app, ["inspect", "record", str(path)])
    assert "没有需要新立案或更新的案件" in again.stdout
    shown = runner.invoke(app, ["cases", "show", case_line[0], "--format", "json"])
    assert shown.exit_code == 0, shown.output
    sections = json.loads(shown.stdout)
    summary = {r["item"]: r["value"] for r in sections["案件"]}
    assert (summary["案件来源"], summary["状态"], summary["发现金额(元)"]) == ("现场检查", "申诉", "12580.00")
    [result] = sections["检查结果"]
    assert (result["draw_id"], result["categories_zh"]) == ("D0000000000001", "收费类、进销存类")
    listed = json.loads(runner.invoke(app, ["cases", "list", "--format", "json"]).stdout)
    assert {r["source"] for r in listed if r["case_id"] == case_line[0]} == {"现场检查"}

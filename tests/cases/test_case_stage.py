"""The nightly order rules → cases → credit on a small city: a re-run of the night changes nothing."""

from datetime import date, datetime

from tests.cases.factories import case_id_of, drive_case, over_cap_city

from fundguard.cases import stage as cases_stage
from fundguard.credit import stage as credit_stage
from fundguard.db.connection import connect
from fundguard.db.migrate import apply_migrations
from fundguard.ops.context import RunContext
from fundguard.rules.catalog import load_rule
from fundguard.rules.runner import RunRequest, run_rules

TABLES = ("case_file", "case_finding", "case_event", "credit_ledger", "credit_rating", "staff_status")


def _state(settings):
    with connect(settings, read_only=True) as con:
        return {t: con.execute(f"select * from {t} order by all").fetchall() for t in TABLES}


def _night(settings, run_id):
    ctx = RunContext(run_id=run_id, run_date=date(2026, 3, 31), period_start=date(2026, 3, 1),
                     period_end=date(2026, 3, 31))
    rule = load_rule(settings.rules_dir / "policy_restriction" / "price_over_cap.yaml")
    with connect(settings) as con:  # the night's rules stage, limited to the rule this city needs
        run_rules(con, [rule], RunRequest(run_id, ctx.period_start, ctx.period_end), settings.sql_dir)
    return cases_stage.run(settings, ctx), credit_stage.run(settings, ctx)


def test_rerunning_the_night_changes_nothing_and_decisions_reach_credit(settings):
    with connect(settings) as con:
        apply_migrations(con, settings.sql_dir)
        over_cap_city(con)
    cases, credit = _night(settings, "night-1")
    assert cases["cases_new"] == 1 and cases["findings_linked"] == 2
    assert credit["ratings"] == 2  # every institution rated on the first night
    first = _state(settings)
    again_cases, again_credit = _night(settings, "night-2")
    assert set(again_cases.values()) == {0} and set(again_credit.values()) == {0}
    assert _state(settings) == first
    with connect(settings) as con:
        drive_case(con, settings.sql_dir, case_id_of(con, "H23030200001"), "confirm_violation",
                   datetime(2026, 3, 31, 9))
    _, credit = _night(settings, "night-3")
    assert credit == {"ledger_entries": 1, "ratings": 1, "staff_points": 0, "staff_status_rows": 0,
                      "insured_measures": 0}
    with connect(settings, read_only=True) as con:
        assert con.execute("select grade, score from credit_rating_current"
                           " where entity_id = 'H23030200001'").fetchone() == ("A", 960)

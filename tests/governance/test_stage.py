"""Through the real stages: a rule in shadow mode stores findings but opens no case; going live
cases only findings first found afterwards; every run gets a fire-rate check."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tests.rules.case_support import insert_rows
from tests.rules.test_stage import _temp_project

from fundguard.ops.context import RunContext

SHADOW = "shadow_rules:\n  big_settlement: {reason: 新规则试运行, approver: 基金监管科}\n"


def _night(settings, run_id: str, setl_id: str) -> dict:
    from fundguard.cases import stage as cases_stage
    from fundguard.db.connection import connect
    from fundguard.rules import stage as rules_stage

    with connect(settings) as con:
        insert_rows(con, {"settlement": [{"setl_id": setl_id, "medfee_sumamt": "5000.00",
                                          "fixmedins_code": "H1", "setl_time": "2025-01-15 10:00:00"}]})
    ctx = RunContext(run_id=run_id, run_date=date(2025, 1, 31), period_start=date(2025, 1, 1),
                     period_end=date(2025, 1, 31))
    return rules_stage.run(settings, ctx) | cases_stage.run(settings, ctx)


def test_shadow_rule_through_rules_and_cases_stages(tmp_path: Path) -> None:
    from fundguard.db.connection import connect
    from fundguard.db.migrate import apply_migrations
    from fundguard.settings import Settings

    project = _temp_project(tmp_path)  # sql/, config/ and the rule big_settlement
    config = project / "config" / "governance.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("shadow_rules: {}\n", SHADOW),
                      encoding="utf-8")
    settings = Settings(project_dir=project, var_dir=tmp_path / "var")
    with connect(settings) as con:
        apply_migrations(con, settings.sql_dir)
    first = _night(settings, "R1", "S1")
    assert (first["shadow_rules"], first["n_findings"], first["findings_linked"]) == (
        ["big_settlement"], 1, 0)
    assert first["fire_rate_rules"] == []
    config.write_text(config.read_text(encoding="utf-8").replace(SHADOW, "shadow_rules: {}\n"),
                      encoding="utf-8")
    second = _night(settings, "R2", "S2")
    assert (second["shadow_rules"], second["n_mode_changes"], second["findings_linked"]) == ([], 1, 1)
    with connect(settings, read_only=True) as con:
        statuses = con.execute("select f.setl_id, s.status from finding_status s join finding f"
                               " using (finding_id) order by 1").fetchall()
        checks = con.execute("select run_id, status from rule_fire_rate order by run_id").fetchall()
        modes = con.execute("select mode, run_id from rule_mode_event order by changed_at").fetchall()
    assert statuses == [("S1", "shadow"), ("S2", "active")]
    assert checks == [("R1", "no_history"), ("R2", "no_history")]
    assert modes == [("shadow", "R1"), ("live", "R2")]

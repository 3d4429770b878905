"""The stage in a temporary project: a rule added as two files (no Python) loads and runs."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from fundguard.ops.context import RunContext

from .case_support import insert_rows
from .conftest import VALID_SQL, VALID_YAML, write_rule

REPO = Path(__file__).resolve().parents[2]


def _temp_project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(REPO / "sql", project / "sql")
    shutil.copytree(REPO / "config", project / "config")
    write_rule(project / "rules", "data_quality", "big_settlement", VALID_YAML, VALID_SQL)
    return project


def test_rule_added_as_two_files_runs_in_the_stage(tmp_path: Path) -> None:
    from fundguard.db.connection import connect
    from fundguard.db.migrate import apply_migrations
    from fundguard.rules import stage
    from fundguard.settings import Settings

    settings = Settings(project_dir=_temp_project(tmp_path), var_dir=tmp_path / "var")
    with connect(settings) as con:
        apply_migrations(con, settings.sql_dir)
        insert_rows(con, {"settlement": [{"setl_id": "S1", "medfee_sumamt": "5000.00"}]})
    ctx = RunContext(run_id="R1", run_date=date(2025, 1, 31), period_start=date(2025, 1, 1),
                     period_end=date(2025, 1, 31))
    summary = stage.run(settings, ctx)
    assert summary["n_rules"] == 1
    assert summary["n_findings"] == 1
    assert summary["failed_rules"] == []
    with connect(settings, read_only=True) as con:
        assert con.execute("select rule_id, setl_id from finding").fetchall() == [
            ("big_settlement", "S1")]

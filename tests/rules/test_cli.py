"""``fundguard rules`` commands (CliRunner): list, show, validate, catalog, run and report."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fundguard.cli.rules_cmd import app

from .case_support import insert_rows

REPO = Path(__file__).resolve().parents[2]
runner = CliRunner()


@pytest.fixture
def project_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A file database with migrations and one late-uploaded settlement; CLI settings point at it."""
    from fundguard.cli.common import get_settings
    from fundguard.db.connection import connect
    from fundguard.db.migrate import apply_migrations

    monkeypatch.setenv("FUNDGUARD_PROJECT_DIR", str(REPO))
    monkeypatch.setenv("FUNDGUARD_VAR_DIR", str(tmp_path / "var"))
    get_settings.cache_clear()
    settings = get_settings()
    with connect(settings) as con:
        apply_migrations(con, settings.sql_dir)
        insert_rows(con, {"settlement": [{"setl_id": "S1", "setl_time": "2025-01-10 09:00:00",
                                          "upload_time": "2025-01-20 09:00:00"}]})
    yield settings.db_path
    get_settings.cache_clear()


def test_list_is_a_chinese_catalog_in_json() -> None:
    result = runner.invoke(app, ["list", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert len(rows) >= 35
    assert set(rows[0]) == {"id", "name", "category", "result_type", "legal_basis", "params"}
    assert {r["result_type"] for r in rows} == {"明确违规", "可疑"}


def test_show_prints_metadata_and_sql() -> None:
    result = runner.invoke(app, ["show", "split_admission"])
    assert result.exit_code == 0
    assert "分解住院" in result.output and "window_days" in result.output and "select" in result.output


def test_validate_passes_on_the_project() -> None:
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 0, result.output
    assert "校验通过" in result.output


def test_catalog_page_is_up_to_date(tmp_path: Path) -> None:
    out = tmp_path / "catalog.md"
    assert runner.invoke(app, ["catalog", "--out", str(out)]).exit_code == 0
    assert out.read_text(encoding="utf-8") == (REPO / "docs/rules_catalog.md").read_text(encoding="utf-8")


def test_backtest_run_and_report(project_db: Path) -> None:
    result = runner.invoke(app, ["run", "late_upload", "--from", "2025-01-01", "--to", "2025-01-31",
                                 "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert "S1" in result.output

    from fundguard.cli.common import get_settings
    from fundguard.ops.context import RunContext
    from fundguard.rules import stage

    stage.run(get_settings(), RunContext("R1", date(2025, 1, 31), date(2025, 1, 1), date(2025, 1, 31)))
    report = runner.invoke(app, ["report", "--format", "json"])
    assert report.exit_code == 0, report.output
    rows = {r["rule_id"]: r for r in json.loads(report.output)}
    assert rows["late_upload"]["n_hits"] == 1
    assert rows["late_upload"]["outcome"] == "hit"

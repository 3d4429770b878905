from datetime import date
from pathlib import Path

from typer.testing import CliRunner

from fundguard.cli.main import app
from fundguard.ops.context import RunContext
from fundguard.reports.stage import run


def test_stage_writes_report_list_and_top_dossier(city_db):
    result = run(city_db, RunContext(run_id="run-1", run_date=date(2026, 3, 31)))
    out = city_db.reports_path / "2026-03-31"
    assert result["out_dir"] == str(out)
    assert {p.name for p in out.iterdir()} == {"nightly.html", "nightly.xlsx", "flying_list.xlsx",
                                              "dossiers"}
    # config/reports.yaml: dossiers for the top 5 risk institutions, highest first
    assert Path(result["dossiers"][0]).name == "H44010600001.pdf"
    assert result["n_dossiers"] == min(5, result["n_top_institutions"]) > 1
    assert sorted(p.name for p in (out / "dossiers").iterdir()) == sorted(
        Path(p).name for p in result["dossiers"])
    assert result["n_flying_list_rows"] == 4


def test_report_command_names_an_unknown_run_in_chinese(city_db):
    outcome = CliRunner().invoke(app, ["report", "nightly", "--run", "nope"])
    assert outcome.exit_code != 0 and "找不到流程运行记录" in str(outcome.exception)


def test_report_command_on_a_night_without_findings(settings, monkeypatch):
    from datetime import datetime

    from fundguard.cli.common import get_settings
    from fundguard.db.connection import connect
    from fundguard.db.migrate import apply_migrations

    with connect(settings) as con:
        apply_migrations(con, settings.sql_dir)
        con.execute("insert into pipeline_run (run_id, flow, run_date, status, started_at)"
                    " values ('r0', 'nightly', date '2026-04-01', 'running', $t)",
                    {"t": datetime(2026, 4, 1, 1)})
    monkeypatch.setenv("FUNDGUARD_PROJECT_DIR", str(settings.project_dir))
    monkeypatch.setenv("FUNDGUARD_VAR_DIR", str(settings.var_path))
    get_settings.cache_clear()
    try:
        outcome = CliRunner().invoke(app, ["report", "nightly"])
    finally:
        get_settings.cache_clear()
    assert outcome.exit_code == 0, outcome.output
    assert "0 行" in outcome.stdout and "检查档案" not in outcome.stdout
    page = (settings.reports_path / "2026-04-01" / "nightly.html").read_text(encoding="utf-8")
    assert "无记录" in page and "本次新增疑点 0 条" in page

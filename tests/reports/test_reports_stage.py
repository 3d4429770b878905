from datetime import date

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
    assert [p.name for p in (out / "dossiers").iterdir()] == ["H44010600001.pdf"]
    assert result["n_dossiers"] == 1 and result["n_flying_list_rows"] == 4


def test_report_command_names_an_unknown_run_in_chinese(city_db):
    outcome = CliRunner().invoke(app, ["report", "nightly", "--run", "nope"])
    assert outcome.exit_code != 0 and "找不到流程运行记录" in str(outcome.exception)

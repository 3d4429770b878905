"""``fundguard risk`` commands (CliRunner): top, explain, drift, train, Chinese errors."""

from __future__ import annotations

import json
from datetime import date

import pytest
from tests.anomaly.conftest import MARCH, make_project
from tests.anomaly.factories import DISTRICT, hospital_code
from typer.testing import CliRunner

from fundguard.anomaly import stage
from fundguard.cli.main import app, main
from fundguard.ops.context import RunContext

runner = CliRunner()


@pytest.fixture(scope="module")
def scored_db(tmp_path_factory, city_db_file):
    """A project scored once for the module (the commands only read it, except train)."""
    project = make_project(tmp_path_factory.mktemp("cli"), city_db_file)
    stage.run(project, RunContext("r1", date(2026, 4, 1), *MARCH))
    return project


@pytest.fixture
def scored_project(scored_db, monkeypatch):
    from fundguard.cli.common import get_settings

    monkeypatch.setenv("FUNDGUARD_PROJECT_DIR", str(scored_db.project_dir))
    monkeypatch.setenv("FUNDGUARD_VAR_DIR", str(scored_db.var_path))
    get_settings.cache_clear()
    yield scored_db
    get_settings.cache_clear()


def ok(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, (result.output, result.exception)
    return result.output


def test_top_lists_the_extreme_institution_first_with_its_reason(scored_project):
    rows = json.loads(ok("risk", "top", "--entity", "institution", "--n", "3", "--format", "json"))
    assert len(rows) == 3
    assert rows[0]["entity_id"] == hospital_code(11)
    assert rows[0]["band"] == "高"
    assert rows[0]["reason_summary"].startswith("药占比 68%")
    assert [r["risk_rank"] for r in rows] == [1, 2, 3]


def test_top_filters_by_district(scored_project):
    assert json.loads(ok("risk", "top", "--district", "999999", "--format", "json")) == []
    rows = json.loads(ok("risk", "top", "--district", DISTRICT, "--format", "json"))
    assert len(rows) == 12


def test_explain_shows_score_card_and_reasons(scored_project):
    out = ok("risk", "explain", hospital_code(11), "--entity", "institution")
    assert "风险分" in out and "药占比" in out and "P99" in out
    csv_out = ok("risk", "explain", hospital_code(11), "--format", "csv")
    assert csv_out.splitlines()[0] == "label_zh,value,peer_median,percentile,text_zh"


def test_drift_lists_features(scored_project):
    rows = json.loads(ok("risk", "drift", "--entity", "staff", "--format", "json"))
    assert rows and {r["entity_type"] for r in rows} == {"staff"}
    # scored on the training month itself: no drift; twelve doctors are too few to judge
    assert all(r["psi"] == 0.0 and r["status"] == "样本不足" for r in rows)


def test_unknown_entity_is_a_chinese_not_found_error(scored_project, capsys, monkeypatch):
    monkeypatch.setattr("sys.argv", ["fundguard", "risk", "explain", "NOPE"])
    with pytest.raises(SystemExit) as exit_info:
        main()
    assert exit_info.value.code == 7
    assert "没有该主体的风险评分" in capsys.readouterr().err


def test_bad_entity_option_is_rejected(scored_project):
    result = runner.invoke(app, ["risk", "top", "--entity", "hospital"])
    assert result.exit_code != 0
    assert "主体类型应为" in result.output


def test_train_writes_artifacts(scored_project):
    out = ok("risk", "train", "--start", "2026-03-01", "--end", "2026-03-31")
    assert "已训练 institution: 12" in out
    assert (scored_project.models_dir / "entity_risk" / "artifacts" / "insured.skops").is_file()


def test_score_ranks_a_span_as_one_period(scored_project):
    out = ok("risk", "score", "--start", "2026-01-01", "--end", "2026-03-31")
    assert "已评分 机构: 12 个" in out and "2026-01..2026-03" in out
    rows = json.loads(ok("risk", "top", "--period", "2026-01..2026-03", "--n", "3",
                         "--format", "json"))
    assert [r["period"] for r in rows] == ["2026-01..2026-03"] * 3
    assert rows[0]["entity_id"] == hospital_code(11) and rows[0]["band"] == "高"


def test_score_rejects_a_reversed_span(scored_project):
    result = runner.invoke(app, ["risk", "score", "--start", "2026-03-31", "--end", "2026-01-01"])
    assert result.exit_code != 0
    assert "开始日期不能晚于结束日期" in result.output


def test_score_without_trained_models_asks_for_training(tmp_path, city_db_file, capsys,
                                                         monkeypatch):
    from fundguard.cli.common import get_settings

    project = make_project(tmp_path, city_db_file)
    monkeypatch.setenv("FUNDGUARD_PROJECT_DIR", str(project.project_dir))
    monkeypatch.setenv("FUNDGUARD_VAR_DIR", str(project.var_path))
    get_settings.cache_clear()
    monkeypatch.setattr("sys.argv", ["fundguard", "risk", "score", "--start", "2026-01-01",
                                     "--end", "2026-12-31"])
    with pytest.raises(SystemExit) as exit_info:
        main()
    get_settings.cache_clear()
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert "尚无已训练的风险模型" in err and "risk train" in err
    assert not (project.models_dir / "entity_risk" / "artifacts").exists()

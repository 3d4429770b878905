"""The anomaly stage end to end on a DB file: rows, reasons, drift, idempotent re-run, artifacts."""

from __future__ import annotations

import json
from datetime import date

import pytest
from tests.anomaly.conftest import MARCH
from tests.anomaly.factories import hospital_code

from fundguard.anomaly import stage
from fundguard.anomaly.features import span_window
from fundguard.db.connection import connect
from fundguard.errors import ModelArtifactError
from fundguard.ops.context import RunContext


def ctx(run_id: str = "r1") -> RunContext:
    return RunContext(run_id=run_id, run_date=date(2026, 4, 1), period_start=MARCH[0],
                      period_end=MARCH[1])


def table(settings, sql):
    with connect(settings, read_only=True) as con:
        return con.execute(sql).fetchall()


def test_stage_scores_every_entity_type_with_reasons_and_drift(project):
    counts = stage.run(project, ctx())
    assert counts["institution_scored"] == 12
    assert counts["institution_trained"] == 1
    assert counts["institution_supervised_on"] == 0
    rows = table(project, "select entity_type, count(*), count(reasons) from risk_score"
                          " where period = '2026-03' group by 1 order by 1")
    assert [(t, n) for t, n, _ in rows] == [("institution", 12), ("insured", 40), ("staff", 12)]
    assert all(n == r for _, n, r in rows)
    top = table(project, "select entity_id, band, reasons from risk_score"
                         " where entity_type = 'institution' and risk_rank = 1")[0]
    assert top[0] == hospital_code(11) and top[1] == "高"
    assert json.loads(top[2])[0]["feature"] == "drug_share"
    drift = table(project, "select count(*), max(psi) from risk_feature_drift where run_id = 'r1'")
    assert drift[0][0] > 0 and drift[0][1] == pytest.approx(0.0, abs=1e-9)
    runs = table(project, "select supervised_status from risk_model_run where run_id = 'r1'")
    assert {s for (s,) in runs} == {"off_no_labels"}


def test_rerun_replaces_rows_and_reuses_the_artifact(project):
    stage.run(project, ctx())
    first = table(project, "select entity_id, risk_score from risk_score order by 1")
    counts = stage.run(project, ctx())
    assert counts["institution_trained"] == 0
    assert table(project, "select entity_id, risk_score from risk_score order by 1") == first


def test_mismatched_artifact_stops_the_stage_with_a_clear_error(project):
    stage.run(project, ctx())
    meta_path = project.models_dir / "entity_risk" / "artifacts" / "staff.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["feature_names"] = meta["feature_names"][:-1]
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelArtifactError, match="特征列表"):
        stage.run(project, ctx("r2"))


def test_dispositions_turn_the_feedback_layer_on(project):
    # 40 insured persons: 30 decided (10 confirmed, 20 dismissed) meets min_labels=30 / 5 per class
    with connect(project) as con:
        con.execute("drop view if exists entity_disposition cascade")
        con.execute("create table entity_disposition (entity_type varchar, entity_id varchar,"
                    " label integer, decided_at timestamp, case_id varchar)")
        for p in range(30):
            con.execute("insert into entity_disposition values ('insured', $e, $l,"
                        " '2026-03-20', $c)", {"e": f"P{p:04d}", "l": int(p < 10), "c": f"c{p}"})
    counts = stage.run(project, ctx())
    assert counts["insured_supervised_on"] == 1 and counts["insured_labels"] == 30
    assert counts["institution_supervised_on"] == 0
    rows = table(project, "select count(supervised_pct), count(*) from risk_score"
                          " where entity_type = 'insured'")
    assert rows[0][0] == rows[0][1] == 40
    status = table(project, "select entity_type, supervised_status from risk_model_run order by 1")
    assert status == [("institution", "off_no_labels"), ("insured", "on"), ("staff", "off_no_labels")]


def test_span_scoring_uses_the_artifacts_and_scales_bands_by_months(project):
    stage.run(project, ctx())  # trains on March
    artifact = project.models_dir / "entity_risk" / "artifacts" / "insured.skops"
    trained = artifact.read_bytes()
    window = span_window(date(2026, 1, 1), date(2026, 3, 31))
    counts = stage.score_span(project, "review-1", window)
    assert counts["insured_scored"] == 40 and counts["insured_trained"] == 0
    assert artifact.read_bytes() == trained
    month = """select entity_type, entity_id, anomaly_pct, rule_score, risk_score, risk_rank,
                      reasons, model_version from risk_score where period = $p order by 1, 2"""
    with connect(project, read_only=True) as con:
        march = con.execute(month, {"p": "2026-03"}).fetchall()
        span = con.execute(month, {"p": "2026-01..2026-03"}).fetchall()
        runs = con.execute("select entity_type, n_entities from risk_model_run"
                           " where run_id = 'review-1' order by 1").fetchall()
    assert span == march  # only March has data: same features, same model, same scores
    assert runs == [("institution", 12), ("insured", 40), ("staff", 12)]
    # bands: capacity x months (3 here), covered by test_risk; every row above 30 fits in it
    assert window.n_months == 3
    high = table(project, "select count(*) filter (band = '高'), count(*) filter (risk_score >= 30)"
                          " from risk_score where period = '2026-01..2026-03'")
    assert high[0][0] == high[0][1] > 0


def test_span_scoring_without_artifacts_stops_before_writing(project):
    with pytest.raises(ModelArtifactError, match="尚无已训练的风险模型"):
        stage.score_span(project, "review-1", span_window(date(2026, 1, 1), date(2026, 3, 31)))
    assert table(project, "select count(*) from risk_score") == [(0,)]

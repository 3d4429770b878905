"""Reasons: the right feature, value, peer median and percentile, in Chinese, for every entity."""

from __future__ import annotations

import json

import pytest
from tests.anomaly.conftest import REPO
from tests.anomaly.factories import hospital_code

from fundguard.anomaly.features import entity_features, entity_findings, materialise_feature_base
from fundguard.anomaly.reasons import feature_reason, format_value, percentile_label, reasons_json
from fundguard.anomaly.scoring import entity_scores


def scored(con, spec, window, entity_type="institution"):
    materialise_feature_base(con, REPO / "sql", spec, window)
    features = entity_features(con, REPO / "sql", spec, entity_type, window)
    findings = entity_findings(con, REPO / "sql", spec, entity_type, window)
    return entity_scores(features, findings, spec, entity_type, window.n_months).frame


def reasons_of(frame, entity_id):
    row = frame.filter(frame["entity_id"] == entity_id)
    return json.loads(row["reasons"][0])


def test_extreme_drug_share_gets_drug_share_reason_with_peer_median_and_percentile(city, spec, march):
    frame = scored(city, spec, march)
    reasons = reasons_of(frame, hospital_code(11))
    top = reasons[0]
    assert top["feature"] == "drug_share"
    assert top["value"] == pytest.approx(0.68)
    # median of the twelve peers' drug shares (0.31, 0.31 in the middle)
    assert top["peer_median"] == pytest.approx(0.31)
    assert top["percentile"] == pytest.approx(100.0)
    assert top["text_zh"] == "药占比 68%，同区县同级同类机构中位数 31%，P99"


def test_extreme_institution_ranks_first(city, spec, march):
    frame = scored(city, spec, march).sort("risk_rank")
    assert frame["entity_id"][0] == hospital_code(11)


def test_middle_institution_reason_reports_its_own_percentile(city, spec, march):
    frame = scored(city, spec, march)
    reasons = reasons_of(frame, hospital_code(9))  # drug share 0.34: 10th of 12
    drug = next(r for r in reasons if r["feature"] == "drug_share")
    assert drug["percentile"] == pytest.approx(100 * 10 / 12, abs=0.1)
    assert drug["text_zh"].endswith("P83")


@pytest.mark.parametrize("entity_type", ["institution", "staff", "insured"])
def test_every_scored_entity_has_reasons(city, spec, march, entity_type):
    frame = scored(city, spec, march, entity_type)
    assert frame.height > 0
    for text in frame["reasons"].to_list():
        reasons = json.loads(text)
        assert reasons and all(r["text_zh"] for r in reasons)


@pytest.mark.parametrize(("value", "unit", "text"), [
    (0.68, "pct", "68%"), (0.055, "pct", "5.5%"), (12345.6, "yuan", "12346 元"),
    (5.26, "days", "5.3 天"), (3.0, "count", "3"), (2.5, "count", "2.5"), (1.234, "ratio", "1.23"),
    (1.2, "ratio", "1.20"), (0.0, "pct", "0.0%"), (None, "pct", "缺失"), (float("nan"), "yuan", "缺失"),
])
def test_format_value(value, unit, text):
    assert format_value(value, unit) == text


def test_percentile_label_floors_and_caps():
    assert percentile_label(0.999) == "P99"
    assert percentile_label(1.0) == "P99"
    assert percentile_label(0.8333) == "P83"
    assert percentile_label(0.5) == "P50"


def test_rule_findings_lead_the_reasons(spec):
    from decimal import Decimal

    import numpy as np
    import polars as pl

    entity = spec.entities["institution"]
    feature = entity.features[0]
    norm = pl.DataFrame({
        feature.name: [0.5, 0.2], f"{feature.name}__med": [0.3, 0.3],
        f"{feature.name}__pct": [0.9, 0.2], f"{feature.name}__imputed": [False, False],
        "peer_zh": ["同级同类机构"] * 2, "n_findings": [5, 0], "n_findings_definite": [2, 0],
        "vola_amt": pl.Series([Decimal("1234.50"), Decimal("0")], dtype=pl.Decimal(18, 2)),
    })
    one = entity.model_copy(update={"features": [feature]})
    out = [json.loads(r) for r in reasons_json(norm, one, np.array([[2.0], [0.0]]), spec.reasons)]
    assert out[0][0]["text_zh"] == "规则疑点 5 条（明确违规 2 条），违规金额 1234.50 元"
    assert out[0][1]["feature"] == feature.name
    assert [r["feature"] for r in out[1]] == [feature.name]  # no findings, first feature kept


def test_feature_reason_dict():
    from fundguard.anomaly.spec import FeatureSpec

    reason = feature_reason(FeatureSpec(name="avg_los", zh="平均住院日", unit="days"), 12.04, 8.0,
                            0.95, "同级同类机构")
    assert reason == {"feature": "avg_los", "label_zh": "平均住院日", "value": 12.04,
                      "peer_median": 8.0, "percentile": 95.0,
                      "text_zh": "平均住院日 12.0 天，同级同类机构中位数 8.0 天，P95"}

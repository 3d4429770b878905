"""The anomaly stage on the committed sample city (skipped while data_samples/city is absent)."""

from __future__ import annotations

import json

import pytest
from tests.anomaly.conftest import make_project

from fundguard.anomaly import stage
from fundguard.db.connection import connect
from fundguard.ops.context import RunContext

pytestmark = pytest.mark.slow


@pytest.fixture
def sample_project(tmp_path, sample_db):
    return make_project(tmp_path, sample_db.db_path)


def test_last_month_of_the_sample_is_scored_with_reasons_for_everyone(sample_project):
    with connect(sample_project, read_only=True) as con:
        last = con.execute("select max(cast(setl_time as date)) from settlement").fetchall()[0][0]
    first = last.replace(day=1)
    counts = stage.run(sample_project, RunContext("sample", last, first, last))
    assert counts["institution_scored"] > 0 and counts["insured_scored"] > 0
    with connect(sample_project, read_only=True) as con:
        rows = con.execute("select entity_type, reasons, band, risk_rank from risk_score").fetchall()
    for entity_type, reasons, band, rank in rows:
        assert json.loads(reasons), entity_type
        assert band in {"高", "中", "低"} and rank >= 1

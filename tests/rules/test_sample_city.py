"""The rule library on the committed sample city: runs in the stage, is idempotent, and the
deterministic (明确违规) rules match the labels of their schemes."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from fundguard.ops.context import RunContext

REPO = Path(__file__).resolve().parents[2]
CITY = REPO / "data_samples" / "city"
KNOWN_GENERATOR_GAPS = {"frequency_over_limit"}
"""The committed sample predates the generator fix of the same-day frequency scheme (its extra line
could fall after midnight, next calendar day, which breaks no per-day limit); precision is still
checked for it, and tests/synth/test_generate.py checks the fixed generator."""


@pytest.fixture(scope="module")
def evaluated(sample_db, tmp_path_factory):
    """A private copy of the sample database after two rule runs over the sample period."""
    from fundguard.rules import stage
    from fundguard.settings import Settings

    settings = Settings(project_dir=REPO, var_dir=tmp_path_factory.mktemp("rules_sample") / "var")
    settings.db_path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(sample_db.db_path, settings.db_path)
    end = date.fromisoformat((CITY / "RUN_DATE").read_text(encoding="utf-8").strip())
    summaries = [stage.run(settings, RunContext(run_id, end, date(2025, 12, 1), end))
                 for run_id in ("sample-1", "sample-2")]
    return settings, summaries


def test_every_rule_runs_without_error(evaluated) -> None:
    _, (first, second) = evaluated
    assert first["n_rules"] >= 35
    assert first["failed_rules"] == [] and first["degraded_rules"] == []
    assert first["n_findings"] == second["n_findings"] > 0


def test_rerun_does_not_duplicate_findings(evaluated) -> None:
    from fundguard.db.connection import connect

    settings, _ = evaluated
    with connect(settings, read_only=True) as con:
        total, distinct, refreshed = con.execute(
            "select count(*), count(distinct finding_id),"
            " count(*) filter (where first_run_id = 'sample-1' and last_run_id = 'sample-2')"
            " from finding").fetchone()
    assert total == distinct == refreshed


def test_deterministic_rules_match_their_labels(evaluated) -> None:
    from fundguard.db.connection import connect
    from fundguard.rules.quality import Labels, rule_quality
    from fundguard.rules.stage import load_project_rules

    settings, _ = evaluated
    rules = [r for r in load_project_rules(settings) if r.spec.result_type == "明确违规"]
    with connect(settings, read_only=True) as con:
        rows = rule_quality(con, settings.sql_dir, rules, "sample-2", Labels.from_dir(CITY))
    measured = [r for r in rows if r.get("n_labelled")]
    assert len(measured) >= 15
    low_precision = {r["rule_id"]: r["precision"] for r in measured if (r["precision"] or 0) < 0.99}
    low_recall = {r["rule_id"]: r["recall"] for r in measured
                  if r["recall"] < 0.99 and r["rule_id"] not in KNOWN_GENERATOR_GAPS}
    assert low_precision == {} and low_recall == {}

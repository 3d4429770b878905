"""The nightly flow end to end on the committed sample city, through a real Prefect run."""

from __future__ import annotations

import json
import os
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from tests.pipelines.incremental_support import make_project

from fundguard.db.connection import connect, writer_lock
from fundguard.errors import DatabaseLockedError
from fundguard.ops.runs import list_runs, run_stages
from fundguard.ops.snapshot import outputs_snapshot
from fundguard.settings import Settings

REPO = Path(__file__).resolve().parents[2]
CITY = REPO / "data_samples" / "city"
GOLDEN = Path(__file__).parent / "golden" / "nightly_sample.json"

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def _run_date() -> date:
    return date.fromisoformat((CITY / "RUN_DATE").read_text(encoding="utf-8").strip())


@pytest.fixture(scope="module")
def nightly_once(prefect_harness: None, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One nightly run on the sample city into a fresh var dir; returns settings, result, snapshot."""
    if not (CITY / "MANIFEST.json").is_file():
        pytest.skip("data_samples/city is absent: run `make sample`")
    from pipelines.nightly import nightly

    root = tmp_path_factory.mktemp("nightly")
    project = make_project(root / "project", dossiers=True)  # the forest is trained on the sample
    var_dir = root / "var"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("FUNDGUARD_PROJECT_DIR", str(project))
        mp.setenv("FUNDGUARD_VAR_DIR", str(var_dir))
        result = nightly(_run_date(), str(CITY))
    settings = Settings(project_dir=project, var_dir=var_dir)
    with connect(settings, read_only=True) as con:
        snapshot = outputs_snapshot(con, settings)
    return {"settings": settings, "result": result, "snapshot": snapshot, "var_dir": var_dir}


def _summary(snapshot: dict[str, list[tuple[Any, ...]]]) -> dict[str, Any]:
    """The golden figures: findings per rule, cases per entity type, grades, high-risk bands."""
    return {
        "findings_per_rule": dict(sorted(Counter(row[0] for row in snapshot["findings"]).items())),
        "vola_amt_total": str(sum(row[8] for row in snapshot["findings"])),
        "cases_per_entity_type": dict(sorted(Counter(row[1] for row in snapshot["cases"]).items())),
        "grades": dict(sorted(Counter(f"{row[0]}:{row[2]}" for row in snapshot["ratings"]).items())),
        "risk_bands": dict(sorted(Counter(f"{row[0]}:{row[6]}" for row in snapshot["risk"]).items())),
    }


def test_every_stage_completes_and_is_recorded(nightly_once: dict[str, Any]) -> None:
    settings, result = nightly_once["settings"], nightly_once["result"]
    stages = run_stages(settings, result["run_id"])
    assert [s["stage"] for s in stages] == ["ingest", "rules", "anomaly", "cases", "credit", "reports"]
    assert {s["status"] for s in stages} == {"completed"}
    assert all(s["rows"] > 0 for s in stages)
    run = next(r for r in list_runs(settings) if r["run_id"] == result["run_id"])
    assert run["status"] == "completed"
    assert json.loads(stages[0]["counts"])["rows_read"] == result["ingest"]["rows_read"]


def test_every_input_row_is_accounted_for(nightly_once: dict[str, Any]) -> None:
    ingest = nightly_once["result"]["ingest"]
    assert ingest["files_error"] == 0
    assert ingest["rows_read"] == ingest["rows_loaded"] + ingest["rows_quarantined"] + ingest["rows_superseded"]
    assert ingest["rows_quarantined"] > 0  # the sample city carries planted data errors


def test_outputs_match_the_database(nightly_once: dict[str, Any]) -> None:
    result, snapshot = nightly_once["result"], nightly_once["snapshot"]
    assert result["rules"]["n_findings"] == len(snapshot["findings"])
    assert result["cases"]["cases_new"] == len(snapshot["cases"])
    reports = result["reports"]
    for key in ("html", "xlsx", "flying_list"):
        assert Path(reports[key]).stat().st_size > 0
    html = Path(reports["html"]).read_text(encoding="utf-8")
    assert "http://" not in html and "https://" not in html  # offline report
    assert all(Path(p).read_bytes()[:4] == b"%PDF" for p in reports["dossiers"])


def test_golden_summary(nightly_once: dict[str, Any]) -> None:
    """Per-rule findings, cases, grades and bands equal the reviewed golden file.

    After an intended change: UPDATE_GOLDEN=1 pytest tests/pipelines, then review the diff.
    """
    summary = _summary(nightly_once["snapshot"])
    if os.environ.get("UPDATE_GOLDEN") == "1":
        GOLDEN.write_text(json.dumps(summary, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert summary == json.loads(GOLDEN.read_text(encoding="utf-8"))


def test_rerunning_the_night_changes_nothing(nightly_once: dict[str, Any],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from pipelines.nightly import nightly

    monkeypatch.setenv("FUNDGUARD_PROJECT_DIR", str(nightly_once["settings"].project_dir))
    monkeypatch.setenv("FUNDGUARD_VAR_DIR", str(nightly_once["var_dir"]))
    again = nightly(_run_date(), str(CITY))
    settings = nightly_once["settings"]
    assert again["ingest"]["files_skipped"] == nightly_once["result"]["ingest"]["files_loaded"]
    with connect(settings, read_only=True) as con:
        snapshot = outputs_snapshot(con, settings)
    for part, rows in nightly_once["snapshot"].items():
        changed = set(rows) ^ set(snapshot[part])
        assert not changed, f"{part}: {sorted(changed, key=repr)[:6]}"


def test_a_second_writer_is_refused_naming_the_running_job(nightly_once: dict[str, Any],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from pipelines.nightly import nightly

    monkeypatch.setenv("FUNDGUARD_PROJECT_DIR", str(nightly_once["settings"].project_dir))
    monkeypatch.setenv("FUNDGUARD_VAR_DIR", str(nightly_once["var_dir"]))
    with writer_lock(nightly_once["settings"], job="全量重算 2026-01-01~2026-03-31"), \
            pytest.raises(DatabaseLockedError, match="全量重算 2026-01-01~2026-03-31"):
        nightly(_run_date(), str(CITY))

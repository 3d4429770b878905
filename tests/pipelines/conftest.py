"""Real Prefect flow runs: one test harness (temporary API server) for the whole session."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.pipelines.incremental_support import (
    CUTS,
    FULL_RANGE,
    Correction,
    copy_database,
    deliver_until,
    freeze_checkout,
    late_upload_correction,
    make_project,
    snapshot,
)


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=90):
        yield


# --- incremental = full, crash safety: one full recompute and one series of nightly runs ---------


@pytest.fixture(scope="session")
def checkout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """sql/, rules/, config/, models/ and the sample city as they were when the session's flows
    started (others may edit the checkout meanwhile)."""
    return freeze_checkout(tmp_path_factory.mktemp("checkout"))


@pytest.fixture(scope="session")
def correction(checkout: Path, tmp_path_factory: pytest.TempPathFactory) -> Correction:
    return late_upload_correction(tmp_path_factory.mktemp("correction"), CUTS[0], checkout / "city")


@pytest.fixture(scope="session")
def full_run(prefect_harness: None, sample_db: Any, correction: Correction, checkout: Path,
             tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A fresh database holding every sample file plus the correction, then `full_recompute` over
    the whole range.  Its project's trained forest is the one every nightly run below scores with."""
    from pipelines.nightly import full_recompute

    from fundguard.ingest.loader import ingest_inbox
    from fundguard.settings import Settings

    root = tmp_path_factory.mktemp("full")
    settings = Settings(project_dir=make_project(root / "project", checkout), var_dir=root / "var")
    copy_database(sample_db.db_path, settings.var_path)
    ingest_inbox(settings, correction.folder, run_id="correction")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("FUNDGUARD_PROJECT_DIR", str(settings.project_dir))
        mp.setenv("FUNDGUARD_VAR_DIR", str(settings.var_path))
        result = full_recompute(*FULL_RANGE)
    return {"settings": settings, "result": result, "snapshot": snapshot(settings)}


@pytest.fixture(scope="session")
def nightly_runs(prefect_harness: None, full_run: dict[str, Any], correction: Correction, checkout: Path,
                 tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The same data delivered in portions (CUTS) to one nightly run each; the last night brings
    the correction too.  Keeps each night's result and output snapshot, and a January-only inbox."""
    from pipelines.nightly import nightly

    from fundguard.settings import Settings

    root = tmp_path_factory.mktemp("nightly")
    project = make_project(root / "project", checkout, models_from=full_run["settings"].models_dir)
    settings = Settings(project_dir=project, var_dir=root / "var")
    inbox = root / "inbox"
    nights: list[dict[str, Any]] = []
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("FUNDGUARD_PROJECT_DIR", str(project))
        mp.setenv("FUNDGUARD_VAR_DIR", str(settings.var_path))
        for i, cut in enumerate(CUTS):
            deliver_until(inbox, cut, checkout / "city")
            if i == len(CUTS) - 1:
                target = inbox / correction.relative
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(correction.folder / correction.relative, target)
            result = nightly(cut, str(inbox))
            nights.append({"cut": cut, "result": result, "snapshot": snapshot(settings)})
    january = root / "inbox-january"
    deliver_until(january, CUTS[0], checkout / "city")
    return {"settings": settings, "nights": nights, "snapshot": nights[-1]["snapshot"],
            "january_inbox": january}

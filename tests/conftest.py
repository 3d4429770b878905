"""Shared fixtures: environment isolation, settings over a temp var dir, an in-memory DuckDB."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

# Prefect must be configured before it is first imported anywhere in the test process.
_PREFECT_HOME = tempfile.mkdtemp(prefix="fg-prefect-")
os.environ["PREFECT_HOME"] = _PREFECT_HOME  # never the operator's var/prefect
os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ["PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"] = "90"
os.environ["PREFECT_TASKS_DEFAULT_NO_CACHE"] = "true"
os.environ["DO_NOT_TRACK"] = "1"
os.environ.pop("PREFECT_API_URL", None)


@pytest.fixture(autouse=True)
def _isolate_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in list(os.environ):
        if key.startswith("FUNDGUARD_"):
            monkeypatch.delenv(key, raising=False)


@pytest.fixture
def settings(tmp_path: Path):
    """Settings whose project is this checkout and whose runtime state is a temp folder."""
    from fundguard.settings import Settings

    return Settings(project_dir=REPO, var_dir=tmp_path / "var")


@pytest.fixture
def duck() -> Iterator[object]:
    """An in-memory DuckDB with all migrations applied."""
    from fundguard.db.connection import memory_connection
    from fundguard.db.migrate import apply_migrations

    con = memory_connection()
    apply_migrations(con, REPO / "sql")
    yield con
    con.close()


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory):
    """Settings of a DuckDB file holding the committed sample city, ingested once per session.

    Read it (``connect(sample_db, read_only=True)``) or copy it; tests that write must use their own.
    """
    from fundguard.ingest.loader import ingest_inbox
    from fundguard.settings import Settings

    city = REPO / "data_samples" / "city"
    if not (city / "MANIFEST.json").is_file():
        pytest.skip("data_samples/city is absent: run `make sample` (fundguard generate --sample)")
    settings = Settings(project_dir=REPO, var_dir=tmp_path_factory.mktemp("sample_db") / "var")
    ingest_inbox(settings, city, run_id="sample_db")
    return settings


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """With `make test` (pytest-xdist, --dist loadgroup) each test file runs on one worker, so its
    module fixtures are built once; files sharing session fixtures name one xdist_group instead."""
    for item in items:
        if item.get_closest_marker("xdist_group") is None:
            item.add_marker(pytest.mark.xdist_group(item.path.as_posix()))

"""A file-backed project database holding the constructed city, with the CLI env pointed at it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from tests.reports.report_builders import seed_city


@pytest.fixture
def city_db(settings, monkeypatch) -> Iterator[object]:
    from fundguard.cli.common import get_settings
    from fundguard.db.connection import connect
    from fundguard.db.migrate import apply_migrations

    monkeypatch.setenv("FUNDGUARD_PROJECT_DIR", str(settings.project_dir))
    monkeypatch.setenv("FUNDGUARD_VAR_DIR", str(settings.var_path))
    get_settings.cache_clear()
    with connect(settings) as con:
        apply_migrations(con, settings.sql_dir)
        seed_city(con)
    yield settings
    get_settings.cache_clear()

"""A file-backed project database seeded with reference rows and findings, for CLI tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from tests.cases.factories import add_finding, point_cli_at, seed_reference


@pytest.fixture
def cli_db(settings, monkeypatch) -> Iterator[object]:
    """Settings whose database holds two cases built from three findings; CLI env pointed at it."""
    from fundguard.cases.build import build_cases
    from fundguard.cases.config import workflow_config
    from fundguard.cli.common import get_settings
    from fundguard.db.connection import connect
    from fundguard.db.migrate import apply_migrations

    point_cli_at(settings, monkeypatch)
    with connect(settings) as con:
        apply_migrations(con, settings.sql_dir)
        seed_reference(con)
        add_finding(con, "a")
        add_finding(con, "b")
        add_finding(con, "c", fixmedins_code="P23030300001", staff_code=None)
        build_cases(con, settings.sql_dir, workflow_config(settings.config_dir), "r1")
    yield settings
    get_settings.cache_clear()

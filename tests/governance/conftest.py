"""A file-backed project database with reference rows and two findings dated today, CLI pointed at it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal

import pytest
from tests.cases.factories import add_finding, point_cli_at, seed_reference


@pytest.fixture
def exempt_db(settings, monkeypatch) -> Iterator[object]:
    from fundguard.cli.common import get_settings
    from fundguard.db.connection import connect
    from fundguard.db.migrate import apply_migrations

    point_cli_at(settings, monkeypatch)
    today = datetime.now().date()
    with connect(settings) as con:
        apply_migrations(con, settings.sql_dir)
        seed_reference(con)
        add_finding(con, "a", event_date=today, vola_amt=Decimal("1200.00"))
        add_finding(con, "b", event_date=today, staff_code="D230302000002", vola_amt=Decimal("30.50"))
    yield settings
    get_settings.cache_clear()

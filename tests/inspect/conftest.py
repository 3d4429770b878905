"""The inspection tests share the constructed-city database fixture of the report tests."""

from tests.reports.conftest import city_db  # noqa: F401  (fixture re-export)

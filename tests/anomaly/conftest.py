"""Fixtures for the anomaly tests: the model spec, a constructed city, a tmp project with a DB file."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from tests.anomaly.factories import seed_city

REPO = Path(__file__).resolve().parents[2]
# Eleven ordinary hospitals and one (index 11) with an extreme drug share.
DRUG_SHARES = [0.25, 0.27, 0.28, 0.29, 0.30, 0.31, 0.31, 0.32, 0.33, 0.34, 0.35, 0.68]
MARCH = (date(2026, 3, 1), date(2026, 3, 31))


@pytest.fixture(scope="module")
def spec():
    from fundguard.anomaly.spec import load_model_spec

    return load_model_spec(REPO / "models")


@pytest.fixture(scope="module")
def city() -> Iterator[Any]:
    """A migrated in-memory DuckDB holding the constructed city (twelve hospitals, one extreme).

    Module-scoped (built once): tests must not change canonical rows in it.
    """
    from fundguard.db.connection import memory_connection
    from fundguard.db.migrate import apply_migrations

    con = memory_connection()
    apply_migrations(con, REPO / "sql")
    seed_city(con, DRUG_SHARES)
    yield con
    con.close()


@pytest.fixture(scope="module")
def march():
    from fundguard.anomaly.features import month_windows

    return month_windows(*MARCH)[0]


@pytest.fixture(scope="module")
def city_db_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated DuckDB file holding the constructed city (copied by each ``project``)."""
    import duckdb

    from fundguard.db.migrate import apply_migrations

    path = tmp_path_factory.mktemp("citydb") / "city.duckdb"
    con = duckdb.connect(str(path))
    apply_migrations(con, REPO / "sql")
    seed_city(con, DRUG_SHARES)
    con.close()
    return path


def make_project(tmp: Path, city_db_file: Path) -> Any:
    """Settings over a tmp copy of sql/ and models/ (artifacts land in tmp) with the city DB file.

    The copied spec uses a 10-tree forest so the tests stay fast.
    """
    from fundguard.settings import Settings

    root = tmp / "proj"
    shutil.copytree(REPO / "sql", root / "sql")
    shutil.copytree(REPO / "models", root / "models", ignore=shutil.ignore_patterns("artifacts"))
    spec_path = root / "models" / "entity_risk" / "model.yaml"
    text = spec_path.read_text(encoding="utf-8")
    spec_path.write_text(text.replace("n_estimators: 100", "n_estimators: 10"), encoding="utf-8")
    settings = Settings(project_dir=root, var_dir=tmp / "var")
    settings.db_path.parent.mkdir(parents=True)
    shutil.copy(city_db_file, settings.db_path)
    return settings


@pytest.fixture
def project(tmp_path: Path, city_db_file: Path) -> Any:
    """A fresh tmp project holding the constructed city (see ``make_project``)."""
    return make_project(tmp_path, city_db_file)

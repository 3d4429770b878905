"""Deployment settings (paths, resources).  Business thresholds live in YAML next to rules/models.

Built once at an entry point (CLI callback, flow) and passed down; never read at import time.
Environment overrides: ``FUNDGUARD_DB__PATH=/data/fg.duckdb`` (prefix ``FUNDGUARD_``, ``__`` nesting).
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def find_project_dir(start: Path | None = None) -> Path:
    """Nearest ancestor holding a fundguard ``pyproject.toml``; falls back to the working directory."""
    env = os.environ.get("FUNDGUARD_PROJECT_DIR")
    if env:
        return Path(env).resolve()
    here = (start or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file() and 'name = "fundguard"' in pyproject.read_text(encoding="utf-8"):
            return candidate
    # Installed package used outside a checkout: the source tree layout is src/fundguard/.
    package_root = Path(__file__).resolve().parents[2]
    if (package_root / "sql").is_dir():
        return package_root
    return here


class DatabaseSettings(BaseModel, extra="forbid"):
    path: Path | None = None
    """DuckDB database file; default ``<var_dir>/fundguard.duckdb``.  One writer process at a time."""
    memory_limit: str = "8GB"
    """DuckDB ``memory_limit``; queries beyond it spill to ``temp_directory`` or fail clearly."""
    threads: int | None = None
    """DuckDB worker threads; default: all cores."""
    temp_directory: Path | None = None
    """Spill directory; default ``<var_dir>/duckdb_tmp``."""
    rule_workers: int = Field(2, ge=1, le=16)
    """Rules evaluated at the same time by the rules stage (one cursor each; DuckDB still uses
    ``threads`` per query): two overlap one query's single-threaded phases with another's work."""


class QualitySettings(BaseModel, extra="forbid"):
    max_blocking_share: float = 0.05
    """A file whose blocking-failure share exceeds this stops the batch."""
    chunk_rows: int = 500_000
    """Rows per Great Expectations validation chunk."""


class ScheduleSettings(BaseModel, extra="forbid"):
    """``fundguard schedule``: the local Prefect server and the nightly deployment it serves."""

    cron: str = "0 2 * * *"
    """When the nightly run starts (cron, in ``timezone``); it processes the previous calendar day."""
    timezone: str = "Asia/Shanghai"
    port: int = Field(4200, ge=1024, le=65535)
    """Port of the Prefect server and UI; it listens on 127.0.0.1 only."""
    inbox: Path | None = None
    """Inbox of scheduled runs; default the top-level ``inbox`` setting."""
    startup_timeout_seconds: float = 180.0
    """How long to wait for the Prefect server to answer its health check."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="FUNDGUARD_", env_nested_delimiter="__", extra="forbid")

    project_dir: Path = Field(default_factory=find_project_dir)
    """Checkout holding rules/, sql/, models/, config/ and data_samples/."""
    var_dir: Path | None = None
    """Runtime state (database, reports, exports); default ``<project_dir>/var``."""
    inbox: Path | None = None
    """Folder the nightly flow ingests from; default the committed sample city."""
    timezone: str = "Asia/Shanghai"
    db: DatabaseSettings = DatabaseSettings()
    quality: QualitySettings = QualitySettings()
    schedule: ScheduleSettings = ScheduleSettings()
    id_hash_salt: str = "fundguard-demo-salt"
    """Salt for the one-way hash of ID numbers (linkage without storing the number).  Set per site."""

    # Resolved paths -------------------------------------------------------------------------
    @property
    def var_path(self) -> Path:
        return (self.var_dir or self.project_dir / "var").resolve()

    @property
    def db_path(self) -> Path:
        return (self.db.path or self.var_path / "fundguard.duckdb").resolve()

    @property
    def temp_path(self) -> Path:
        return (self.db.temp_directory or self.var_path / "duckdb_tmp").resolve()

    @property
    def inbox_path(self) -> Path:
        return (self.inbox or self.project_dir / "data_samples" / "city").resolve()

    @property
    def sql_dir(self) -> Path:
        return self.project_dir / "sql"

    @property
    def rules_dir(self) -> Path:
        return self.project_dir / "rules"

    @property
    def models_dir(self) -> Path:
        return self.project_dir / "models"

    @property
    def config_dir(self) -> Path:
        return self.project_dir / "config"

    @property
    def prefect_server_home(self) -> Path:
        """PREFECT_HOME of the ``fundguard schedule`` server (its SQLite database and UI build)."""
        return self.var_path / "prefect-server"

    @property
    def reports_path(self) -> Path:
        return self.var_path / "reports"

    @property
    def exports_path(self) -> Path:
        return self.var_path / "exports"

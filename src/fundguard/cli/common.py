"""Shared CLI plumbing: settings construction and connection helpers for commands."""

from __future__ import annotations

from functools import cache

from fundguard.settings import Settings


@cache
def get_settings() -> Settings:
    """The settings of this CLI invocation (built once, from env and defaults)."""
    return Settings()


def configure_prefect_env() -> None:
    """Prefect settings of a command that runs flows; call before Prefect is first imported.

    No internet: telemetry would only produce errors; Prefect's own logs stay out of the output;
    PREFECT_HOME is ``var/prefect`` unless set (its SQLite API database needs the folder).
    """
    import os
    from pathlib import Path

    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    os.environ.setdefault("PREFECT_TASKS_DEFAULT_NO_CACHE", "true")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
    home = Path(os.environ.setdefault("PREFECT_HOME", str(get_settings().var_path / "prefect")))
    home.mkdir(parents=True, exist_ok=True)

"""Shared CLI plumbing: settings construction and connection helpers for commands."""

from __future__ import annotations

from functools import cache

from fundguard.settings import Settings


@cache
def get_settings() -> Settings:
    """The settings of this CLI invocation (built once, from env and defaults)."""
    return Settings()

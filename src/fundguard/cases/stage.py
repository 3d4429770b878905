"""Pipeline stage ``cases``: build/append cases from findings and high-risk flags."""

from __future__ import annotations

from fundguard.cases.build import build_cases
from fundguard.cases.config import effective_config
from fundguard.db.connection import connect
from fundguard.ops.context import RunContext
from fundguard.settings import Settings


def run(settings: Settings, ctx: RunContext) -> dict[str, int]:
    """Append new findings and flags to cases (the flow holds the writer lock)."""
    cfg = effective_config(settings.config_dir, settings.rules_dir)
    with connect(settings) as con:
        result = build_cases(con, settings.sql_dir, cfg, ctx.run_id)
    return result.as_counts()

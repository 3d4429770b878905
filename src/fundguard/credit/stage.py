"""Pipeline stage ``credit``: ledger entries from decided cases, institution ratings, staff scoring
(→ staff_status), insured measures.  Idempotent: a re-run appends nothing new."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb

from fundguard.credit.config import institution_config, insured_config, staff_config
from fundguard.credit.insured import record_insured_measures
from fundguard.credit.ledger import rate_institutions, record_ledger
from fundguard.credit.staff import record_staff_points
from fundguard.db.connection import connect
from fundguard.db.sqlrun import transaction
from fundguard.ops.context import RunContext
from fundguard.settings import Settings


def recompute_credit(con: duckdb.DuckDBPyConnection, sql_dir: Path, config_dir: Path, as_of: date,
                     run_id: str | None) -> dict[str, int]:
    """Bring every credit table up to date with the decided cases, in one transaction."""
    inst = institution_config(config_dir)
    with transaction(con):
        ledger = record_ledger(con, sql_dir, inst, as_of, run_id)
        ratings = rate_institutions(con, sql_dir, inst, as_of, run_id)
        staff_events, staff_status = record_staff_points(con, sql_dir, staff_config(config_dir), run_id)
        measures = record_insured_measures(con, sql_dir, insured_config(config_dir))
    return {"ledger_entries": ledger, "ratings": ratings, "staff_points": staff_events,
            "staff_status_rows": staff_status, "insured_measures": measures}


def run(settings: Settings, ctx: RunContext) -> dict[str, int]:
    """Recompute credit as of the run date (the flow holds the writer lock)."""
    with connect(settings) as con:
        return recompute_credit(con, settings.sql_dir, settings.config_dir, ctx.run_date, ctx.run_id)

"""Reading the inspection-object registry and past assignments from the database."""

from __future__ import annotations

import duckdb

from fundguard.db.sqlrun import query_dicts
from fundguard.inspect.draw import RegistryObject
from fundguard.inspect.plan import DrawPlan
from fundguard.settings import Settings


def registry_objects(con: duckdb.DuckDBPyConnection, settings: Settings,
                     plan: DrawPlan) -> list[RegistryObject]:
    """Every designated institution the plan covers, with grade, risk rank and exclusion inputs."""
    rows = query_dicts(con, settings.sql_dir, "inspect/registry", {
        "year": plan.year, "default_grade": plan.default_grade, "clue_codes": plan.clue_codes,
        "types": plan.institution_types, "active_only": plan.active_only,
    })
    return [RegistryObject(**row) for row in rows]


def recent_assignments(con: duckdb.DuckDBPyConnection, settings: Settings,
                       plan: DrawPlan) -> set[tuple[str, str]]:
    """(inspector_id, fixmedins_code) pairs of the last ``plan.rotation_draws`` draws."""
    if plan.rotation_draws == 0:
        return set()
    rows = query_dicts(con, settings.sql_dir, "inspect/recent_assignments",
                       {"n_draws": plan.rotation_draws})
    return {(r["inspector_id"], r["fixmedins_code"]) for r in rows}

"""Performing a 双随机 draw end to end, storing its record, and replaying a stored record.

The draw id is derived from (plan, seed, registry fingerprint, roster fingerprint), so the same
inputs always give the same id and the same result; drawing again returns the stored record.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

import duckdb

from fundguard.db.sqlrun import execute_sql, query_dicts
from fundguard.errors import NotFoundError
from fundguard.inspect.draw import (
    ALGORITHM_VERSION,
    DrawnObject,
    RegistryObject,
    draw_objects,
    fingerprint,
    registry_snapshot,
)
from fundguard.inspect.plan import DrawPlan
from fundguard.inspect.registry import recent_assignments, registry_objects
from fundguard.inspect.roster import Inspector
from fundguard.inspect.teams import TeamMember, draw_teams
from fundguard.settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class DrawOutcome:
    """A complete draw: the id, every object's outcome, and the teams."""

    draw_id: str
    objects: list[DrawnObject]
    teams: list[TeamMember]
    registry_fingerprint: str
    roster_fingerprint: str
    already_stored: bool = False

    @property
    def n_selected(self) -> int:
        return sum(o.selected for o in self.objects)


def compute_draw(objects: list[RegistryObject], roster: list[Inspector], plan: DrawPlan, seed: int,
                 recent: set[tuple[str, str]]) -> DrawOutcome:
    """The draw for these inputs (pure: no database)."""
    registry_fp = fingerprint(registry_snapshot(objects))
    roster_fp = fingerprint([p.snapshot() for p in roster])
    key = fingerprint([ALGORITHM_VERSION, plan.model_dump(), seed, registry_fp, roster_fp])
    drawn = draw_objects(objects, plan, seed)
    selected = [o.fixmedins_code for o in drawn if o.selected]
    districts = {o.fixmedins_code: o.admdvs for o in objects}
    teams = draw_teams(selected, roster, plan, seed, recent, districts)
    return DrawOutcome("D" + key[:15], drawn, teams, registry_fp, roster_fp)


def _record_params(outcome: DrawOutcome, objects: list[RegistryObject], roster: list[Inspector],
                   plan: DrawPlan, seed: int, recent: set[tuple[str, str]]) -> dict[str, Any]:
    roster_snapshot = {"inspectors": [p.snapshot() for p in roster],
                       "recent_assignments": sorted([list(pair) for pair in recent])}
    return {
        "draw_id": outcome.draw_id, "plan_name": plan.name, "plan_year": plan.year,
        "check_item": plan.check_item, "seed": seed, "algorithm_version": ALGORITHM_VERSION,
        "registry_fingerprint": outcome.registry_fingerprint,
        "roster_fingerprint": outcome.roster_fingerprint,
        "plan_json": json.dumps(plan.model_dump(), ensure_ascii=False),
        "registry_snapshot": json.dumps(registry_snapshot(objects), ensure_ascii=False),
        "roster_snapshot": json.dumps(roster_snapshot, ensure_ascii=False),
        "n_objects": len(outcome.objects), "n_selected": outcome.n_selected,
        "created_at": datetime.now(),
    }


def _store(con: duckdb.DuckDBPyConnection, settings: Settings, outcome: DrawOutcome,
           record: dict[str, Any]) -> None:
    con.execute("begin transaction")
    try:
        execute_sql(con, settings.sql_dir, "inspect/draw_insert", record)
        for obj in outcome.objects:
            execute_sql(con, settings.sql_dir, "inspect/draw_object_insert",
                        {"draw_id": outcome.draw_id, **asdict(obj)})
        for member in outcome.teams:
            execute_sql(con, settings.sql_dir, "inspect/team_insert",
                        {"draw_id": outcome.draw_id, **asdict(member)})
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise


def perform_draw(con: duckdb.DuckDBPyConnection, settings: Settings, plan: DrawPlan,
                 roster: list[Inspector], seed: int) -> DrawOutcome:
    """Draw from the current registry and roster and store the record (idempotent per inputs)."""
    objects = registry_objects(con, settings, plan)
    if not objects:
        raise NotFoundError("检查对象名录库为空: 没有符合计划条件的定点医药机构",
                            hint="请先入库机构数据 (fundguard run nightly), 或检查计划中的 institution_types。")
    recent = recent_assignments(con, settings, plan)
    outcome = compute_draw(objects, roster, plan, seed, recent)
    if query_dicts(con, settings.sql_dir, "inspect/draw_get", {"draw_id": outcome.draw_id}):
        return replay_draw(con, settings, outcome.draw_id)
    _store(con, settings, outcome, _record_params(outcome, objects, roster, plan, seed, recent))
    log.info("draw stored draw_id=%s objects=%d selected=%d team_members=%d", outcome.draw_id,
             len(outcome.objects), outcome.n_selected, len(outcome.teams))
    return outcome


def replay_draw(con: duckdb.DuckDBPyConnection, settings: Settings, draw_id: str) -> DrawOutcome:
    """Re-run a stored draw from its own snapshots (what an auditor does to check it)."""
    rows = query_dicts(con, settings.sql_dir, "inspect/draw_get", {"draw_id": draw_id})
    if not rows:
        raise NotFoundError(f"找不到抽查记录 {draw_id}", hint="用 `fundguard inspect draws` 查看已有记录。")
    record = rows[0]
    plan = DrawPlan.model_validate(json.loads(record["plan_json"]))
    objects = [RegistryObject(**o) for o in json.loads(record["registry_snapshot"])]
    roster_snapshot = json.loads(record["roster_snapshot"])
    roster = [_inspector(p) for p in roster_snapshot["inspectors"]]
    recent = {(a, b) for a, b in roster_snapshot["recent_assignments"]}
    outcome = compute_draw(objects, roster, plan, int(record["seed"]), recent)
    return DrawOutcome(outcome.draw_id, outcome.objects, outcome.teams,
                       outcome.registry_fingerprint, outcome.roster_fingerprint, already_stored=True)


def _inspector(snapshot: dict[str, Any]) -> Inspector:
    return Inspector(
        inspector_id=snapshot["inspector_id"], name=snapshot["name"],
        qualified=snapshot["qualified"], district=snapshot["district"], unit=snapshot["unit"],
        expert_fields=tuple(snapshot["expert_fields"]),
        conflicts=tuple((c[0], c[1]) for c in snapshot["conflicts"]),
    )


def verify_draw(con: duckdb.DuckDBPyConnection, settings: Settings, draw_id: str) -> bool:
    """Whether re-running the stored record reproduces the stored objects and teams exactly."""
    replayed = replay_draw(con, settings, draw_id)
    objects = query_dicts(con, settings.sql_dir, "inspect/draw_objects_get", {"draw_id": draw_id})
    teams = query_dicts(con, settings.sql_dir, "inspect/draw_teams_get", {"draw_id": draw_id})
    return (replayed.draw_id == draw_id
            and [DrawnObject(**o) for o in objects] == replayed.objects
            and [TeamMember(**t) for t in teams] == replayed.teams)

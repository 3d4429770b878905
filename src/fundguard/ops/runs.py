"""The run table: one row per pipeline run, one per stage, with counts, timings and status.

Stages are ``fundguard.<package>.stage.run(settings, ctx) -> dict``; ``execute_stage`` times one,
records it and returns its counts.  Nothing here knows about Prefect.
"""

from __future__ import annotations

import importlib
import json
import logging
import time
import uuid
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from fundguard.db.connection import connect
from fundguard.db.migrate import apply_migrations
from fundguard.db.sql_files import sql_text
from fundguard.db.sqlrun import query_dicts, transaction
from fundguard.errors import NotFoundError
from fundguard.ops.context import RunContext
from fundguard.ops.testing import pause_point
from fundguard.settings import Settings

log = logging.getLogger(__name__)

# Stage name -> module holding ``run(settings, ctx)``.  Order is the nightly order.
STAGE_MODULES: dict[str, str] = {
    "ingest": "fundguard.ingest.stage",
    "rules": "fundguard.rules.stage",
    "anomaly": "fundguard.anomaly.stage",
    "cases": "fundguard.cases.stage",
    "credit": "fundguard.credit.stage",
    "reports": "fundguard.reports.stage",
}


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str, sort_keys=True)


def _exec(settings: Settings, name: str, params: dict[str, Any]) -> None:
    with connect(settings) as con:
        con.execute(sql_text(settings.sql_dir, f"ops/{name}"), params)


def new_run_id(flow: str, run_date: date) -> str:
    return f"{flow}-{run_date:%Y%m%d}-{uuid.uuid4().hex[:8]}"


def start_run(settings: Settings, flow: str, run_date: date | None, params: dict[str, Any]) -> str:
    """Migrate, close out runs left 'running' by a killed process, and open a new run row.

    Call only while holding the writer lock (so any 'running' row is known to be dead).
    """
    run_id = new_run_id(flow, run_date or datetime.now().date())
    with connect(settings) as con:
        apply_migrations(con, settings.sql_dir)
        con.execute(sql_text(settings.sql_dir, "ops/mark_interrupted"))
        con.execute(
            sql_text(settings.sql_dir, "ops/start_run"),
            {"run_id": run_id, "flow": flow, "run_date": run_date, "params": _json(params),
             "started_at": datetime.now()},
        )
    log.info("run started run_id=%s flow=%s", run_id, flow)
    return run_id


def finish_run(settings: Settings, run_id: str, status: str, counts: dict[str, Any],
               message: str | None = None) -> None:
    """Close the run; a completed run also marks the pending batches its window covered as analysed."""
    now = datetime.now()
    with connect(settings) as con, transaction(con):
        if status == "completed":
            window = con.execute("select period_start, period_end from pipeline_run where run_id = $r",
                                 {"r": run_id}).fetchone()
            covered = [b.batch_id for b in _pending_batches(con, settings)
                       if window and b.within(window[0], window[1])]
            if covered:
                con.execute(sql_text(settings.sql_dir, "ops/mark_analysed"),
                            {"batch_ids": covered, "run_id": run_id, "analysed_at": now})
        con.execute(sql_text(settings.sql_dir, "ops/finish_run"),
                    {"run_id": run_id, "status": status, "finished_at": now, "counts": _json(counts),
                     "message": message})
    log.info("run finished run_id=%s status=%s", run_id, status)


# The counts that make a stage's headline "rows" figure (what it read or produced).
STAGE_ROW_KEYS: dict[str, tuple[str, ...]] = {
    "ingest": ("rows_read",),
    "rules": ("n_findings",),
    "anomaly": ("institution_scored", "staff_scored", "insured_scored"),
    "cases": ("findings_linked", "flags_linked"),
    "credit": ("ratings", "ledger_entries", "staff_points", "insured_measures"),
    "reports": ("n_flying_list_rows", "n_dossiers"),
}


@dataclass(frozen=True, slots=True)
class PendingBatch:
    """A loaded batch no completed run has analysed, with the settle dates its data touched."""

    batch_id: str
    touched_from: date | None
    touched_to: date | None

    def within(self, start: date | None, end: date | None) -> bool:
        """True when the batch touched no dates or only dates inside [start, end]."""
        if self.touched_from is None or self.touched_to is None:
            return True
        return start is not None and end is not None and start <= self.touched_from \
            and self.touched_to <= end


def _pending_batches(con: Any, settings: Settings) -> list[PendingBatch]:
    rows = con.execute(sql_text(settings.sql_dir, "ops/pending_batches")).fetchall()
    return [PendingBatch(*row) for row in rows]


def pending_batches(settings: Settings) -> list[PendingBatch]:
    """Loaded batches not analysed yet (this night's, and those of killed or failed runs)."""
    with connect(settings, read_only=True) as con:
        return _pending_batches(con, settings)


def _latest_settle_date(settings: Settings) -> date | None:
    with connect(settings, read_only=True) as con:
        rows = con.execute(sql_text(settings.sql_dir, "ops/latest_settle_date")).fetchall()
    return rows[0][0] if rows else None


def _hull(*ranges: tuple[date | None, date | None]) -> tuple[date | None, date | None]:
    starts = [r[0] for r in ranges if r[0] is not None]
    ends = [r[1] for r in ranges if r[1] is not None]
    return (min(starts) if starts else None, max(ends) if ends else None)


def analysis_window(settings: Settings, run_id: str, flow: str, run_date: date,
                    touched: tuple[date | None, date | None]) -> tuple[date | None, date | None]:
    """The window the analysis stages evaluate, recorded on the run.

    ``full``: ``touched`` is the requested range.  ``nightly``: from the earliest settle date touched
    by a batch not analysed yet (this night's, plus those of runs that were killed or failed, and of
    ``fundguard ingest`` runs outside a flow), including the original dates of corrected records,
    to the newest settle date in the database (later records look back on changed ones).
    A re-run of a night that brings nothing new re-evaluates the window of that night's last
    completed run, so its outputs are identical.
    """
    start, end = touched
    if flow == "nightly":
        start, end = _hull(touched, *((b.touched_from, b.touched_to) for b in pending_batches(settings)))
        if start is not None:  # later records look back on the changed ones: evaluate up to the newest
            start, end = _hull((start, end), (None, _latest_settle_date(settings)))
    if start is None or end is None:
        with connect(settings, read_only=True) as con:
            previous = con.execute(sql_text(settings.sql_dir, "ops/previous_window"),
                                   {"flow": flow, "run_date": run_date}).fetchone()
        if previous:
            start, end = previous
    _exec(settings, "record_window", {"run_id": run_id, "period_start": start, "period_end": end})
    return start, end


def scoring_window(ctx: RunContext, rules_counts: dict[str, Any]) -> RunContext:
    """The context of the anomaly stage: the run window widened to the dates of findings the rules
    stage wrote or withdrew (a finding dated before the window changes that earlier month's risk).

    A full recompute scores the months of its range only (and trains on the first of them).
    """
    found = tuple(date.fromisoformat(v) if isinstance(v, str) else None
                  for v in (rules_counts.get("findings_from"), rules_counts.get("findings_to")))
    start, end = _hull((ctx.period_start, ctx.period_end), found)  # type: ignore[arg-type]
    if ctx.full:
        start, end = ctx.period_start, ctx.period_end
    return replace(ctx, period_start=start, period_end=end)


def _row_total(stage: str, counts: dict[str, Any]) -> int:
    values = (counts.get(key) for key in STAGE_ROW_KEYS.get(stage, ()))
    return sum(v for v in values if isinstance(v, int) and not isinstance(v, bool))


def _load_stage(stage: str) -> Any | None:
    try:
        return importlib.import_module(STAGE_MODULES[stage])
    except ModuleNotFoundError as exc:
        if exc.name and STAGE_MODULES[stage].startswith(exc.name):
            return None
        raise


def execute_stage(settings: Settings, ctx: RunContext, stage: str) -> dict[str, Any]:
    """Run one stage, record its status, rows, duration and counts; re-raise its failure."""
    module = _load_stage(stage)
    started = datetime.now()
    clock = time.perf_counter()
    record = {"run_id": ctx.run_id, "stage": stage, "started_at": started}
    if module is None:
        _exec(settings, "record_stage", {**record, "status": "skipped", "finished_at": started,
                                         "rows": 0, "seconds": 0.0, "message": "该阶段模块未安装",
                                         "counts": "{}"})
        return {"skipped": True}
    try:
        pause_point(f"stage:{stage}:start")
        counts: dict[str, Any] = module.run(settings, ctx) or {}
        pause_point(f"stage:{stage}:done")
    except Exception as exc:
        _exec(settings, "record_stage", {**record, "status": "failed", "finished_at": datetime.now(),
                                         "rows": None, "seconds": time.perf_counter() - clock,
                                         "message": str(exc)[:2000], "counts": "{}"})
        raise
    seconds = time.perf_counter() - clock
    _exec(settings, "record_stage", {**record, "status": "completed", "finished_at": datetime.now(),
                                     "rows": _row_total(stage, counts), "seconds": seconds,
                                     "message": None, "counts": _json(counts)})
    log.info("stage done run_id=%s stage=%s seconds=%.2f", ctx.run_id, stage, seconds)
    return counts


# (stage, count key, Chinese label) of the figures an operator reads after a run.
HEADLINE_FIGURES: tuple[tuple[str, str, str], ...] = (
    ("ingest", "files_loaded", "入库文件数"),
    ("ingest", "rows_read", "读入记录数"),
    ("ingest", "rows_loaded", "入库记录数"),
    ("ingest", "rows_quarantined", "隔离记录数"),
    ("rules", "n_rules", "执行规则数"),
    ("rules", "n_findings", "疑点数"),
    ("anomaly", "institution_high", "高风险机构数"),
    ("anomaly", "staff_high", "高风险医务人员数"),
    ("anomaly", "insured_high", "高风险参保人数"),
    ("cases", "cases_new", "新建案件数"),
    ("cases", "cases_appended", "追加疑点的案件数"),
    ("credit", "ratings", "信用评价数"),
    ("reports", "n_flying_list_rows", "飞行检查清单行数"),
    ("reports", "n_dossiers", "检查档案数"),
)

# (stage, count key, Chinese label) of the output files and folders a run reports.
OUTPUT_PATHS: tuple[tuple[str, str, str], ...] = (
    ("ingest", "summary_path", "数据质量报告"),
    ("reports", "html", "夜间报告 (HTML)"),
    ("reports", "xlsx", "夜间报告 (XLSX)"),
    ("reports", "flying_list", "飞行检查清单"),
    ("reports", "out_dir", "报告目录 (含检查档案 dossiers/)"),
)


def run_outline(result: dict[str, Any]) -> tuple[list[tuple[str, Any]], list[tuple[str, str]]]:
    """The headline figures and output paths of a flow result, labelled in Chinese."""
    def pick(table: tuple[tuple[str, str, str], ...]) -> list[tuple[str, Any]]:
        return [(label, result[stage][key]) for stage, key, label in table
                if isinstance(result.get(stage), dict) and result[stage].get(key) is not None]

    return pick(HEADLINE_FIGURES), [(label, str(value)) for label, value in pick(OUTPUT_PATHS)]


def list_runs(settings: Settings, limit: int = 20) -> list[dict[str, Any]]:
    with connect(settings, read_only=True) as con:
        return query_dicts(con, settings.sql_dir, "ops/list_runs", {"limit": limit})


def run_stages(settings: Settings, run_id: str) -> list[dict[str, Any]]:
    with connect(settings, read_only=True) as con:
        rows = query_dicts(con, settings.sql_dir, "ops/run_stages", {"run_id": run_id})
    if not rows:
        raise NotFoundError(f"找不到运行记录 {run_id}", hint="用 `fundguard runs list` 查看运行编号。")
    return rows

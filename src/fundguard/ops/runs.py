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
from datetime import date, datetime
from typing import Any

from fundguard.db.connection import connect
from fundguard.db.migrate import apply_migrations
from fundguard.db.sql_files import sql_text
from fundguard.db.sqlrun import query_dicts
from fundguard.errors import NotFoundError
from fundguard.ops.context import RunContext
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
    _exec(settings, "finish_run", {"run_id": run_id, "status": status, "finished_at": datetime.now(),
                                   "counts": _json(counts), "message": message})
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


def analysis_window(settings: Settings, run_id: str, flow: str, run_date: date,
                    touched: tuple[date | None, date | None]) -> tuple[date | None, date | None]:
    """The window the analysis stages evaluate, recorded on the run.

    New or changed data set it (the settle dates it touched).  A re-run of a night that brings nothing
    new re-evaluates the window of that night's last completed run, so its outputs are identical.
    """
    start, end = touched
    if start is None or end is None:
        with connect(settings, read_only=True) as con:
            previous = con.execute(sql_text(settings.sql_dir, "ops/previous_window"),
                                   {"flow": flow, "run_date": run_date}).fetchone()
        if previous:
            start, end = previous
    _exec(settings, "record_window", {"run_id": run_id, "period_start": start, "period_end": end})
    return start, end


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
        counts: dict[str, Any] = module.run(settings, ctx) or {}
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

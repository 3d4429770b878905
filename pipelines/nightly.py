"""Prefect flows: the nightly batch and the full recompute.

Thin orchestration only: each task is a few lines calling ``fundguard.ops.runs.execute_stage``, and
tasks pass names, dates and paths (never DataFrames or connections).  The flow holds the single-writer
lock for its whole run.
"""

# No ``from __future__ import annotations`` here: served runs execute a cloudpickled copy of each flow
# function whose globals hold only the names its code uses, so string annotations such as
# ``date | None`` cannot be resolved when Prefect validates the run's parameters.
from datetime import date
from pathlib import Path
from typing import Any

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from fundguard.db.connection import writer_lock
from fundguard.errors import TransientError
from fundguard.ops import progress
from fundguard.ops.context import RunContext
from fundguard.ops.rundate import previous_day
from fundguard.ops.runs import analysis_window, execute_stage, finish_run, scoring_window, start_run
from fundguard.settings import Settings

ANALYSIS_STAGES = ("rules", "anomaly", "cases", "credit", "reports")


def _retry_transient_only(task_obj: Any, task_run: Any, state: Any) -> bool:
    try:
        state.result()
    except TransientError:
        return True
    except Exception:
        return False
    return False


@task(cache_policy=NO_CACHE, retries=2, retry_delay_seconds=5, retry_condition_fn=_retry_transient_only)
def run_stage(stage: str, settings_json: str, ctx: RunContext) -> dict[str, Any]:
    """One pipeline stage (ingest, rules, anomaly, cases, credit, reports)."""
    settings = Settings.model_validate_json(settings_json)
    with progress.track(progress.STAGE_LABELS.get(stage, stage)):
        return execute_stage(settings, ctx, stage)


def _settings(inbox: str | None) -> Settings:
    settings = Settings()
    if inbox:
        settings = settings.model_copy(update={"inbox": Path(inbox).resolve()})
    return settings


def _touched(ingest_counts: dict[str, Any]) -> tuple[date | None, date | None]:
    start, end = ingest_counts.get("touched_from"), ingest_counts.get("touched_to")
    return (date.fromisoformat(start) if start else None, date.fromisoformat(end) if end else None)


def _analyse(settings: Settings, ctx: RunContext) -> dict[str, Any]:
    """rules → anomaly (over the window widened to the dates of changed findings) → the rest."""
    payload = settings.model_dump_json()
    counts = {"rules": run_stage("rules", payload, ctx)}
    counts["anomaly"] = run_stage("anomaly", payload, scoring_window(ctx, counts["rules"]))
    for stage in ANALYSIS_STAGES[2:]:
        counts[stage] = run_stage(stage, payload, ctx)
    return counts


def _scheduled_day(settings: Settings) -> date:
    """The day before this flow run's scheduled start (its start, for a run begun by hand)."""
    from prefect.runtime import flow_run

    return previous_day(flow_run.scheduled_start_time, settings.schedule.timezone)


@flow(name="nightly", log_prints=False)
def nightly(run_date: date | None = None, inbox: str | None = None) -> dict[str, Any]:
    """Ingest new data → quality gate → rules → anomaly → cases → credit → reports.

    ``run_date`` defaults to the day before the scheduled start (in the schedule timezone, default
    Asia/Shanghai), so scheduled runs need no parameters.
    """
    settings = _settings(inbox)
    run_date = run_date or _scheduled_day(settings)
    with writer_lock(settings, job=f"nightly 夜间批处理 run_date={run_date}"):
        run_id = start_run(settings, "nightly", run_date, {"inbox": str(settings.inbox_path)})
        ctx = RunContext(run_id=run_id, run_date=run_date, inbox=settings.inbox_path)
        try:
            counts = {"ingest": run_stage("ingest", settings.model_dump_json(), ctx)}
            start, end = analysis_window(settings, run_id, "nightly", run_date, _touched(counts["ingest"]))
            ctx = RunContext(run_id=run_id, run_date=run_date, period_start=start, period_end=end,
                             inbox=settings.inbox_path)
            counts |= _analyse(settings, ctx)
        except Exception as exc:
            finish_run(settings, run_id, "failed", {}, str(exc)[:2000])
            raise
        finish_run(settings, run_id, "completed", counts)
    return {"run_id": run_id, **counts}


@flow(name="full-recompute", log_prints=False)
def full_recompute(date_from: date, date_to: date) -> dict[str, Any]:
    """Recompute every analysis stage over [date_from, date_to] from the loaded data."""
    settings = _settings(None)
    with writer_lock(settings, job=f"full 全量重算 {date_from}~{date_to}"):
        run_id = start_run(settings, "full", date_to, {"from": str(date_from), "to": str(date_to)})
        start, end = analysis_window(settings, run_id, "full", date_to, (date_from, date_to))
        ctx = RunContext(run_id=run_id, run_date=date_to, period_start=start, period_end=end, full=True)
        try:
            counts = _analyse(settings, ctx)
        except Exception as exc:
            finish_run(settings, run_id, "failed", {}, str(exc)[:2000])
            raise
        finish_run(settings, run_id, "completed", counts)
    return {"run_id": run_id, **counts}


if __name__ == "__main__":
    import sys

    nightly(date.fromisoformat(sys.argv[1]))

"""Run bookkeeping: stage records, interrupted runs, the analysis window, the run outline."""

from __future__ import annotations

import sys
import types
from datetime import date

import pytest

from fundguard.db.connection import connect
from fundguard.ops.context import RunContext
from fundguard.ops.runs import (
    STAGE_MODULES,
    analysis_window,
    execute_stage,
    finish_run,
    list_runs,
    run_outline,
    run_stages,
    start_run,
)

NIGHT = date(2026, 3, 31)


@pytest.fixture
def fake_stages(monkeypatch: pytest.MonkeyPatch) -> types.ModuleType:
    module = types.ModuleType("fg_fake_stage")
    module.run = lambda settings, ctx: {"rows_read": 7, "rows_loaded": 5, "note": "x"}  # type: ignore[attr-defined]
    broken = types.ModuleType("fg_broken_stage")

    def fail(settings, ctx):
        raise ValueError("坏数据")

    broken.run = fail  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "fg_fake_stage", module)
    monkeypatch.setitem(sys.modules, "fg_broken_stage", broken)
    monkeypatch.setitem(STAGE_MODULES, "ingest", "fg_fake_stage")
    monkeypatch.setitem(STAGE_MODULES, "rules", "fg_broken_stage")
    monkeypatch.setitem(STAGE_MODULES, "anomaly", "fg_missing_stage_module")
    return module


def test_stages_are_recorded_with_rows_status_and_counts(settings, fake_stages) -> None:
    run_id = start_run(settings, "nightly", NIGHT, {})
    ctx = RunContext(run_id=run_id, run_date=NIGHT)
    assert execute_stage(settings, ctx, "ingest")["rows_loaded"] == 5
    with pytest.raises(ValueError, match="坏数据"):
        execute_stage(settings, ctx, "rules")
    assert execute_stage(settings, ctx, "anomaly") == {"skipped": True}
    finish_run(settings, run_id, "failed", {}, "坏数据")
    stages = {s["stage"]: s for s in run_stages(settings, run_id)}
    assert (stages["ingest"]["status_label"], stages["ingest"]["rows"]) == ("完成", 7)
    assert (stages["rules"]["status_label"], stages["rules"]["message"]) == ("失败", "坏数据")
    assert stages["anomaly"]["status_label"] == "跳过"
    assert list_runs(settings)[0]["status_label"] == "失败"


def test_a_run_left_running_is_marked_interrupted_by_the_next(settings) -> None:
    killed = start_run(settings, "nightly", NIGHT, {})
    start_run(settings, "nightly", NIGHT, {})
    runs = {r["run_id"]: r for r in list_runs(settings)}
    assert runs[killed]["status_label"] == "中断"
    assert "中断" in runs[killed]["message"]


def test_a_night_without_new_data_reuses_the_window_of_its_last_completed_run(settings) -> None:
    first = start_run(settings, "nightly", NIGHT, {})
    assert analysis_window(settings, first, "nightly", NIGHT,
                           (date(2026, 1, 1), NIGHT)) == (date(2026, 1, 1), NIGHT)
    finish_run(settings, first, "completed", {})
    again = start_run(settings, "nightly", NIGHT, {})
    assert analysis_window(settings, again, "nightly", NIGHT, (None, None)) == (date(2026, 1, 1), NIGHT)
    other_night = start_run(settings, "nightly", date(2026, 4, 1), {})
    assert analysis_window(settings, other_night, "nightly", date(2026, 4, 1), (None, None)) == (None, None)
    with connect(settings, read_only=True) as con:
        recorded = con.execute("select period_start from pipeline_run where run_id = $r",
                               {"r": again}).fetchone()
    assert recorded == (date(2026, 1, 1),)


def test_outline_labels_figures_and_paths_in_chinese() -> None:
    figures, paths = run_outline({
        "run_id": "r", "ingest": {"rows_read": 10, "rows_quarantined": 1, "summary_path": "/q.html"},
        "reports": {"html": "/n.html", "n_dossiers": 2}, "anomaly": {"skipped": True},
    })
    assert figures == [("读入记录数", 10), ("隔离记录数", 1), ("检查档案数", 2)]
    assert paths == [("数据质量报告", "/q.html"), ("夜间报告 (HTML)", "/n.html")]


def _settlement(con, setl_id: str, settled: str, batch: str, version: int = 1) -> None:
    con.execute(
        "insert into settlement (setl_id, mdtrt_id, psn_no, fixmedins_code, insutype, med_type,"
        " begntime, medfee_sumamt, fund_pay_sumamt, psn_part_amt, setl_time, upload_time, _batch_id,"
        " _rec_version) values ($s, $s, 'P1', 'H1', '310', '11', $t, 10, 5, 5, $t, $t, $b, $v)",
        {"s": setl_id, "t": settled, "b": batch, "v": version})


def test_the_nightly_window_covers_every_batch_not_analysed_yet(settings) -> None:
    """Original dates of corrected records, inventory dates and batches of runs that never
    completed open the window; it runs to the newest data; a completed run marks the batches."""
    from fundguard.db.migrate import apply_migrations
    from fundguard.ops.runs import pending_batches

    with connect(settings) as con:
        apply_migrations(con, settings.sql_dir)
        con.execute("insert into ingest_batch (batch_id, inbox, started_at, status) values"
                    " ('B1', 'x', now(), 'loaded'), ('B2', 'x', now(), 'loaded'),"
                    " ('B3', 'x', now(), 'loaded'), ('B4', 'x', now(), 'noop')")
        _settlement(con, "S1", "2026-01-05 10:00:00", "B1")
        _settlement(con, "S2", "2026-03-20 10:00:00", "B1")
        con.execute("insert into settlement_history by name select * replace ('B1' as _batch_id),"
                    " now() as _superseded_at, 'B2' as _superseded_by from settlement where setl_id = 'S1'")
        con.execute("delete from settlement where setl_id = 'S1'")
        _settlement(con, "S1", "2026-03-02 10:00:00", "B2", version=2)  # corrected: moved to March
        con.execute("insert into inventory_movement (mov_id, fixmedins_code, med_list_codg, inv_chg_type,"
                    " cnt, inv_chg_time, _batch_id) values ('M1', 'P1', 'X1', '3503', 5,"
                    " '2026-02-11 08:00:00', 'B3')")
        con.execute("insert into batch_analysis values ('B1', 'old', now())")  # analysed already
    ranges = {b.batch_id: (b.touched_from, b.touched_to) for b in pending_batches(settings)}
    assert ranges == {"B2": (date(2026, 1, 5), date(2026, 3, 2)), "B3": (date(2026, 2, 11),) * 2}
    run_id = start_run(settings, "nightly", NIGHT, {})
    assert analysis_window(settings, run_id, "nightly", NIGHT, (None, None)) == \
        (date(2026, 1, 5), date(2026, 3, 20))  # to the newest settle date (S2)
    finish_run(settings, run_id, "completed", {})
    assert pending_batches(settings) == []


def test_the_anomaly_stage_rescores_months_of_changed_findings_in_nightly_runs_only() -> None:
    from fundguard.ops.runs import scoring_window

    counts = {"findings_from": "2026-01-20", "findings_to": "2026-03-31"}
    nightly = RunContext(run_id="n", run_date=NIGHT, period_start=date(2026, 3, 1), period_end=NIGHT)
    widened = scoring_window(nightly, counts)
    assert (widened.period_start, widened.period_end) == (date(2026, 1, 20), NIGHT)
    assert scoring_window(nightly, {"findings_from": None, "findings_to": None}) == nightly
    full = RunContext(run_id="f", run_date=NIGHT, period_start=date(2026, 3, 1), period_end=NIGHT, full=True)
    assert scoring_window(full, counts) == full  # a full recompute scores the months it was asked for

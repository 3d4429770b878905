"""`fundguard inspect record`: store a results file and route it at once, in one transaction.

Results with violations open or join their cases (``fundguard.cases.inspections``; the nightly cases
stage would pick them up otherwise), clean on-site inspections leave a 0-point note in the credit
ledger.  Grades are recomputed by the nightly credit stage.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from fundguard.cases.build import refresh_cases
from fundguard.cases.config import effective_config
from fundguard.cases.inspections import ACTION_ZH, InspectionCaseChange, link_inspection_results
from fundguard.credit.ledger import record_inspection_notes
from fundguard.db.sqlrun import execute_sql, transaction
from fundguard.inspect.results import record_results
from fundguard.settings import Settings


@dataclass(frozen=True, slots=True)
class IntakeOutcome:
    """What recording one results file did."""

    n_rows: int
    cases: list[InspectionCaseChange]
    n_clean_notes: int


def record_and_route(con: duckdb.DuckDBPyConnection, settings: Settings, path: Path,
                     now: datetime | None = None) -> IntakeOutcome:
    """Record ``path``, open/append the cases its violations call for, note clean on-site checks."""
    now = now or datetime.now()
    sql_dir = settings.sql_dir
    cfg = effective_config(settings.config_dir, settings.rules_dir)
    with transaction(con):
        n_rows = record_results(con, settings, path)
        changes = link_inspection_results(con, sql_dir, None, now)
        execute_sql(con, sql_dir, "cases/inspection/touched_only")
        refresh_cases(con, sql_dir, cfg, {"run_id": None, "now": now})
        notes = record_inspection_notes(con, sql_dir, None)
    return IntakeOutcome(n_rows, changes, notes)


def outcome_lines(outcome: IntakeOutcome) -> list[str]:
    """The Chinese message of ``fundguard inspect record``."""
    lines = [f"已录入检查结果 {outcome.n_rows} 条。"]
    if outcome.cases:
        counts = {a: sum(1 for c in outcome.cases if c.action == a) for a in ACTION_ZH}
        lines.append("案件: " + ", ".join(f"{ACTION_ZH[a]} {n} 件" for a, n in counts.items() if n))
        lines += [f"  {c.case_id} {c.entity_id} {c.period} {c.source} {ACTION_ZH[c.action]} → "
                  f"{c.to_state} (检查结果 {len(c.results)} 份, 违规金额 {c.amount:.2f} 元)"
                  for c in outcome.cases]
        lines.append("用 `fundguard cases show <案件编号>` 查看案件并按步骤审核。")
    else:
        lines.append("没有需要新立案或更新的案件 (结果未变化或未发现违规)。")
    if outcome.n_clean_notes:
        lines.append(f"信用台账: 记录现场检查未发现违规 {outcome.n_clean_notes} 条 (不计分)。")
    return lines

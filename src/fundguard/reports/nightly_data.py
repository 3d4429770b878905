"""The data of the nightly report: one list of rows per section, read with SQL in ``sql/reports``."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import duckdb

from fundguard.db.sqlrun import query_dicts
from fundguard.errors import NotFoundError
from fundguard.governance.config import governance_config
from fundguard.governance.report import report_exemptions, with_governance
from fundguard.settings import Settings

TREND_DAYS = 30
CLOSED_DAYS = 7
TOP_INSTITUTIONS = 10


@dataclass(frozen=True, slots=True)
class NightlyData:
    run: dict[str, Any]
    findings_by_rule: list[dict[str, Any]]
    findings_by_district: list[dict[str, Any]]
    amount_trend: list[dict[str, Any]]
    cases_summary: list[dict[str, Any]]
    cases_changed: list[dict[str, Any]]
    grade_distribution: list[dict[str, Any]]
    top_institutions: list[dict[str, Any]]
    data_quality: list[dict[str, Any]]
    quarantine_reasons: list[dict[str, Any]]
    run_timings: list[dict[str, Any]]
    governance: dict[str, Any] = field(default_factory=dict)
    """Exempt / shadow findings, exemptions in force and expiring, rules flagged 命中率突变."""
    exemptions: list[dict[str, Any]] = field(default_factory=list)


def report_run(con: duckdb.DuckDBPyConnection, settings: Settings, run_id: str | None) -> dict[str, Any]:
    """The pipeline run the report covers (``run_id`` or the latest)."""
    rows = query_dicts(con, settings.sql_dir, "reports/run_info", {"run_id": run_id})
    if not rows:
        raise NotFoundError(f"找不到流程运行记录{' ' + run_id if run_id else ''}",
                            hint="请先运行 `fundguard run nightly`, 或用 `fundguard runs list` 查看运行编号。")
    return rows[0]


def _top_reason(row: dict[str, Any]) -> dict[str, Any]:
    reasons = json.loads(row.pop("reasons_json") or "[]")
    return row | {"top_reason": reasons[0].get("text_zh", "") if reasons else ""}


def _with_rule_names(settings: Settings, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rules without findings still get their Chinese name and category (from the rule library)."""
    if all(r["rule_name"] for r in rows):
        return rows
    from fundguard.rules.catalog import load_catalog

    specs = {rule.id: rule.spec for rule in load_catalog(settings.rules_dir)}
    return [r if r["rule_name"] or r["rule_id"] not in specs else
            r | {"rule_name": specs[r["rule_id"]].name, "category": specs[r["rule_id"]].category_zh}
            for r in rows]


def nightly_data(con: duckdb.DuckDBPyConnection, settings: Settings, run: dict[str, Any]) -> NightlyData:
    """Every section of the nightly report for ``run`` (a row of ``report_run``)."""
    run_date: date = run["run_date"] or run["started_at"].date()
    params = {"run_id": run["run_id"], "top": TOP_INSTITUTIONS}

    def rows(name: str, **extra: Any) -> list[dict[str, Any]]:
        return query_dicts(con, settings.sql_dir, f"reports/{name}", params | extra)

    closed = {"date_from": run_date - timedelta(days=CLOSED_DAYS - 1), "date_to": run_date}
    expiring = governance_config(settings.config_dir).exemptions.expiring_within_days
    return NightlyData(
        run=run | {"run_date": run_date},
        findings_by_rule=with_governance(con, settings.sql_dir, run["run_id"],
                                         _with_rule_names(settings, rows("findings_by_rule"))),
        findings_by_district=rows("findings_by_district"),
        amount_trend=rows("amount_trend", date_from=run_date - timedelta(days=TREND_DAYS - 1),
                          date_to=run_date),
        cases_summary=rows("cases_summary", **closed),
        cases_changed=rows("cases_changed", **closed),
        grade_distribution=rows("grade_distribution"),
        top_institutions=[_top_reason(r) for r in rows("top_institutions")],
        data_quality=rows("data_quality"),
        quarantine_reasons=rows("quarantine_reasons"),
        run_timings=rows("run_timings"),
        governance=rows("governance_totals", run_date=run_date, expiring_days=expiring)[0],
        exemptions=report_exemptions(con, settings.sql_dir, run_date, expiring),
    )

"""The `fundguard inspect estimate` table: IPW prevalence and each rule's precision and recall."""

from __future__ import annotations

from typing import Any

import duckdb

from fundguard.db.sqlrun import query_dicts
from fundguard.errors import NotFoundError
from fundguard.inspect.checklists import CATEGORY_CODE_BY_ZH
from fundguard.inspect.estimate import (
    Estimate,
    SampleUnit,
    prevalence,
    prevalence_unflagged,
    rule_precision,
    rule_recall,
)
from fundguard.inspect.results import sample_units
from fundguard.settings import Settings

ESTIMATE_COLUMNS: list[tuple[str, str]] = [
    ("measure", "指标"), ("rule_id", "规则编号"), ("rule_name", "规则名称"), ("value", "估计值"),
    ("se", "标准误"), ("ci_low", "95%下限"), ("ci_high", "95%上限"), ("n", "样本数"),
]


def latest_draw_id(con: duckdb.DuckDBPyConnection, settings: Settings) -> str:
    draws = query_dicts(con, settings.sql_dir, "inspect/draws_list")
    if not draws:
        raise NotFoundError("尚无双随机抽查记录", hint="请先运行 `fundguard inspect draw`。")
    return str(draws[0]["draw_id"])


def _row(measure: str, estimate: Estimate, rule: dict[str, Any] | None = None) -> dict[str, Any]:
    def rounded(x: float | None) -> float | None:
        return None if x is None else round(x, 4)

    return {"measure": measure, "rule_id": rule["rule_id"] if rule else "",
            "rule_name": rule["rule_name"] if rule else "", "value": rounded(estimate.value),
            "se": rounded(estimate.se), "ci_low": rounded(estimate.ci_low),
            "ci_high": rounded(estimate.ci_high), "n": estimate.n}


def estimate_rows(units: list[SampleUnit], rules: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Prevalence (all / unflagged) and, per rule, precision and recall (pure: no database)."""
    rows = [_row("违规检出率(全部机构)", prevalence(units)),
            _row("违规检出率(未被任何规则命中的机构)", prevalence_unflagged(units))]
    for rule in rules:
        category = CATEGORY_CODE_BY_ZH.get(rule["category"] or "", rule["category"])
        rows.append(_row("规则精确率", rule_precision(units, rule["rule_id"], category), rule))
        rows.append(_row("规则召回率", rule_recall(units, rule["rule_id"], category), rule))
    return rows


def draw_estimates(con: duckdb.DuckDBPyConnection, settings: Settings,
                   draw_id: str | None = None) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """(summary, rows) of the IPW estimates for ``draw_id`` (default: the latest draw)."""
    draw_id = draw_id or latest_draw_id(con, settings)
    response = query_dicts(con, settings.sql_dir, "inspect/draw_response", {"draw_id": draw_id})[0]
    units = sample_units(con, settings, draw_id)
    rules = query_dicts(con, settings.sql_dir, "inspect/rule_categories")
    summary = {"draw_id": draw_id, **response}
    return summary, estimate_rows(units, rules)

"""Read-side queries over the risk tables (CLI, reports): top entities, one entity, drift.

Rows come back as dicts with ``reasons`` parsed; nothing here writes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from fundguard.db.sql_files import bind, sql_text
from fundguard.errors import NotFoundError

ENTITY_ZH = {"institution": "机构", "staff": "医务人员", "insured": "参保人"}


@dataclass(frozen=True, slots=True)
class TopQuery:
    entity_type: str
    n: int = 20
    district: str | None = None
    period: str | None = None


def _rows(con: duckdb.DuckDBPyConnection, sql_dir: Path, name: str,
          params: Mapping[str, object]) -> list[dict[str, Any]]:
    sql = sql_text(sql_dir, f"features/{name}")
    cursor = con.execute(sql, bind(sql, dict(params)))
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def parsed_reasons(value: Any) -> list[dict[str, Any]]:
    if value is None:
        return []
    return json.loads(value) if isinstance(value, str) else list(value)


def reasons_text(reasons: list[dict[str, Any]], limit: int = 2) -> str:
    """The first ``limit`` reason texts joined for a one-line table cell."""
    return "；".join(str(r.get("text_zh", "")) for r in reasons[:limit])


def top_entities(con: duckdb.DuckDBPyConnection, sql_dir: Path, query: TopQuery) -> list[dict[str, Any]]:
    """Highest-risk entities of the latest scored run, with a one-line reason summary."""
    params = {"entity_type": query.entity_type, "n": query.n, "district": query.district,
              "period": query.period}
    rows = _rows(con, sql_dir, "risk_top", params)
    for row in rows:
        row["reasons"] = parsed_reasons(row["reasons"])
        row["reason_summary"] = reasons_text(row["reasons"])
        row["first_reason"] = reasons_text(row["reasons"], limit=1)
    return rows


def entity_explanation(con: duckdb.DuckDBPyConnection, sql_dir: Path, entity_id: str,
                       entity_type: str | None = None, period: str | None = None) -> dict[str, Any]:
    """The latest score row of one entity with parsed reasons.

    Raises:
        NotFoundError: the entity has no risk score (yet).
    """
    params = {"entity_id": entity_id, "entity_type": entity_type, "period": period}
    rows = _rows(con, sql_dir, "risk_explain", params)
    if not rows:
        raise NotFoundError(f"没有该主体的风险评分: {entity_id}",
                            hint="请确认编号与主体类型，或先运行夜间流程完成评分。")
    row = rows[0]
    row["reasons"] = parsed_reasons(row["reasons"])
    return row


def latest_drift(con: duckdb.DuckDBPyConnection, sql_dir: Path,
                 entity_type: str | None = None) -> list[dict[str, Any]]:
    """Per-feature drift of the latest run, worst first."""
    return _rows(con, sql_dir, "risk_drift", {"entity_type": entity_type})

"""Staff 医保支付资格 scoring (驾照式记分): points per confirmed staff case, per natural year;
reaching ``suspend_at`` suspends payment eligibility, ``terminate_at`` terminates it.  The resulting
status is written as new rows into the canonical ``staff_status`` table, naming the case."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb

from fundguard.credit.config import StaffCreditConfig, article_of, months_for
from fundguard.credit.grades import add_months
from fundguard.db.sqlrun import inserted_rows, query_dicts

STATUS_SUSPENDED, STATUS_TERMINATED = "2", "3"
STATUS_ZH = {"1": "正常", "2": "暂停", "3": "终止"}


@dataclass(frozen=True, slots=True)
class StaffStatusChange:
    """A status the year's points call for."""

    psn_code: str
    status: str
    begin_date: date
    end_date: date | None
    reason: str


def points_for_case(case: dict[str, Any], cfg: StaffCreditConfig) -> int:
    """Points for one confirmed case (1–12) by the case's article, fraud at least ``fraud_points``."""
    article = article_of(case["legal_basis"])
    points = cfg.points_by_article.get(article or "default", cfg.points_by_article["default"])
    if case["disposition"] == "确认欺诈":
        points = max(points, cfg.fraud_points)
    return max(1, min(12, points))


def responsibility_for(points: int) -> str:
    """The severity band of a points value (1–3 一般, 4–6 较重, 7–9 严重, 10–12 特别严重)."""
    return ("一般", "较重", "严重", "特别严重")[min(3, (points - 1) // 3)]


def status_changes(events: list[dict[str, Any]], cfg: StaffCreditConfig) -> list[StaffStatusChange]:
    """Suspensions/terminations implied by each person's yearly running total (events in order)."""
    totals: dict[tuple[str, int], int] = {}
    reached: dict[tuple[str, int], str] = {}
    changes: list[StaffStatusChange] = []
    for ev in events:
        key = (ev["psn_code"], ev["score_year"])
        totals[key] = total = totals.get(key, 0) + ev["points"]
        if total >= cfg.terminate_at and reached.get(key) != STATUS_TERMINATED:
            reached[key] = STATUS_TERMINATED
            changes.append(StaffStatusChange(
                ev["psn_code"], STATUS_TERMINATED, ev["event_date"], None,
                f"{key[1]}年记分累计 {total} 分, 终止医保支付资格 (案件 {ev['case_id']})"))
        elif total >= cfg.suspend_at and key not in reached:
            reached[key] = STATUS_SUSPENDED
            months = months_for(Decimal(total), cfg.suspension_months)
            end = add_months(ev["event_date"], months) - timedelta(days=1)
            changes.append(StaffStatusChange(
                ev["psn_code"], STATUS_SUSPENDED, ev["event_date"], end,
                f"{key[1]}年记分累计 {total} 分, 暂停医保支付资格 {months} 个月 (案件 {ev['case_id']})"))
    return changes


def scored_people(con: duckdb.DuckDBPyConnection, sql_dir: Path) -> list[tuple[dict[str, Any], str]]:
    """(confirmed case, staff code) pairs to score: staff cases, and the staff named responsible
    (``--responsible``) when an institution case was closed."""
    pairs = [(c, c["entity_id"]) for c in
             query_dicts(con, sql_dir, "credit/confirmed_cases", {"entity_types": ["staff"]})]
    for case in query_dicts(con, sql_dir, "credit/confirmed_cases",
                            {"entity_types": ["institution", "pharmacy"]}):
        payload = json.loads(case["close_payload"]) if case["close_payload"] else {}
        pairs += [(case, code) for code in payload.get("responsible_staff", [])]
    return pairs


def record_staff_points(con: duckdb.DuckDBPyConnection, sql_dir: Path, cfg: StaffCreditConfig,
                        run_id: str | None) -> tuple[int, int]:
    """Score confirmed cases per responsible person, write status rows; (new events, new rows)."""
    new_events = 0
    for case, psn_code in scored_people(con, sql_dir):
        points = points_for_case(case, cfg)
        new_events += inserted_rows(con, sql_dir, "credit/staff_points_insert", {
            "event_id": "SP" + hashlib.sha256(f"{case['case_id']}|{psn_code}".encode()).hexdigest()[:14],
            "psn_code": psn_code, "score_year": case["decided_on"].year,
            "event_date": case["decided_on"], "points": points,
            "responsibility": responsibility_for(points), "case_id": case["case_id"],
            "reason": f"案件 {case['case_id']} {case['disposition']}", "source": "computed",
            "now": datetime.now(),
        })
    return new_events, write_status_changes(con, sql_dir, cfg, run_id)


def write_status_changes(con: duckdb.DuckDBPyConnection, sql_dir: Path, cfg: StaffCreditConfig,
                         run_id: str | None) -> int:
    """Insert the staff_status rows the points call for (existing rows kept); returns new rows."""
    events = query_dicts(con, sql_dir, "credit/staff_points_list", {"psn_code": None})
    return sum(inserted_rows(con, sql_dir, "credit/staff_status_insert", {
        "psn_code": change.psn_code, "status": change.status, "begin_date": change.begin_date,
        "end_date": change.end_date, "reason": change.reason, "batch_id": f"credit:{run_id}",
    }) for change in status_changes(events, cfg))

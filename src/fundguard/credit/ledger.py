"""Institution points ledger: entries derived from confirmed cases (deduction, floor, bonuses, repair)
and 0-point notes of clean on-site inspections, appended once each (deterministic ids), and ratings
computed from it and appended when they change."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb

from fundguard.credit.config import InstitutionCreditConfig, article_of
from fundguard.credit.grades import LedgerEntry, RatingResult, add_months, rating_as_of
from fundguard.db.sqlrun import execute_sql, inserted_rows, query_dicts

INSTITUTION_TYPES = ["institution", "pharmacy"]


def entry_id(case_id: str, kind: str) -> str:
    """Deterministic ledger entry id: one entry of a kind per case."""
    return "L" + hashlib.sha256(f"{case_id}|{kind}".encode()).hexdigest()[:15]


def _flags(case: dict[str, Any]) -> dict[str, Any]:
    raw = case.get("close_payload")
    return json.loads(raw) if isinstance(raw, str) else (raw or {})


def deduction_points(case: dict[str, Any], cfg: InstitutionCreditConfig) -> tuple[int, str]:
    """Points deducted for a confirmed case and the article they are keyed by."""
    article = article_of(case["legal_basis"])
    if case["disposition"] == "确认欺诈" and article not in (cfg.fraud_article, "第41条"):
        article = cfg.fraud_article
    row = cfg.deductions.get(article or "default", cfg.deductions["default"])
    return row.get(case["severity"] or "medium", max(row.values())), article or "其他依据"


def case_entries(case: dict[str, Any], cfg: InstitutionCreditConfig) -> list[LedgerEntry]:
    """Ledger entries a confirmed institution case produces (deduction, floor, bonuses)."""
    cid, eid, day = case["case_id"], case["entity_id"], case["decided_on"]
    points, article = deduction_points(case, cfg)
    entries = [LedgerEntry(entry_id(cid, "deduction"), "institution", eid, day, -points, "deduction",
                           f"案件 {cid} {case['disposition']} ({article}, 严重程度 {case['severity']})",
                           article, case["severity"], cid)]
    if cfg.floor_on_fraud_referral and case["disposition"] == "确认欺诈" and case["measure"] == "移送":
        entries.append(LedgerEntry(entry_id(cid, "floor"), "institution", eid, case["closed_on"] or day,
                                   0, "floor", f"案件 {cid} 确认欺诈并移送", "移送", None, cid))
    labels = {"self_corrected": "自查自纠", "voluntary_return": "主动退回"}
    for flag, label in labels.items():
        if _flags(case).get(flag) and flag in cfg.bonuses:
            entries.append(LedgerEntry(entry_id(cid, flag), "institution", eid,
                                       case["closed_on"] or day, cfg.bonuses[flag], "bonus",
                                       f"案件 {cid} {label}", label, None, cid))
    return entries


def repair_entries(cases: list[dict[str, Any]], cfg: InstitutionCreditConfig,
                   as_of: date) -> list[LedgerEntry]:
    """Repairs due: rectified cases followed by ``repair_clean_months`` without a new confirmed case."""
    out = []
    for case in cases:
        start = case["rectified_on"]
        if start is None:
            continue
        due = add_months(start, cfg.repair_clean_months)
        relapsed = any(o["entity_id"] == case["entity_id"] and start < o["decided_on"] <= due
                       for o in cases)
        if due <= as_of and not relapsed:
            points = int(deduction_points(case, cfg)[0] * cfg.repair_share)
            out.append(LedgerEntry(entry_id(case["case_id"], "repair"), "institution",
                                   case["entity_id"], due, points, "repair",
                                   f"案件 {case['case_id']} 整改到位且 {cfg.repair_clean_months} 个月无新违规",
                                   "信用修复", None, case["case_id"]))
    return out


def reversal_entries(con: duckdb.DuckDBPyConnection, sql_dir: Path) -> list[LedgerEntry]:
    """Entries undoing the points of cases reopened on new evidence and then dismissed."""
    return [LedgerEntry(entry_id(r["case_id"], "reversal"), "institution", r["entity_id"],
                        r["decided_on"], -r["points"], "reversal",
                        f"案件 {r['case_id']} 重新审核后排除, 撤销原扣分加分", "撤销", None, r["case_id"])
            for r in query_dicts(con, sql_dir, "credit/reversible_entries")]


def clean_inspection_entries(con: duckdb.DuckDBPyConnection, sql_dir: Path) -> list[LedgerEntry]:
    """0-point notes of on-site inspections without violations (no scale awards points for them)."""
    out = []
    for r in query_dicts(con, sql_dir, "credit/clean_inspections"):
        kind = f"双随机抽查 {r['draw_id']}" if r["draw_id"] else "现场检查"
        out.append(LedgerEntry(entry_id(r["result_id"], "inspection"), "institution", r["entity_id"],
                               r["inspected_on"], 0, "inspection",
                               f"{kind}未发现违规 (检查事项: {r['items_checked'] or '未注明'}; 结果 "
                               f"{r['result_id']}), 不计分", "现场检查"))
    return out


def _insert_entries(con: duckdb.DuckDBPyConnection, sql_dir: Path, entries: list[LedgerEntry],
                    run_id: str | None) -> int:
    return sum(inserted_rows(con, sql_dir, "credit/ledger_insert",
                             {**asdict(e), "source": "computed", "run_id": run_id, "now": datetime.now()})
               for e in entries)


def record_inspection_notes(con: duckdb.DuckDBPyConnection, sql_dir: Path, run_id: str | None) -> int:
    """Append the notes of clean on-site inspections not yet in the ledger; how many were new."""
    return _insert_entries(con, sql_dir, clean_inspection_entries(con, sql_dir), run_id)


def record_ledger(con: duckdb.DuckDBPyConnection, sql_dir: Path, cfg: InstitutionCreditConfig,
                  as_of: date, run_id: str | None) -> int:
    """Append the entries confirmed cases and clean inspections call for; returns how many were new."""
    cases = query_dicts(con, sql_dir, "credit/confirmed_cases", {"entity_types": INSTITUTION_TYPES})
    entries = [e for c in cases for e in case_entries(c, cfg)] + repair_entries(cases, cfg, as_of)
    entries += reversal_entries(con, sql_dir) + clean_inspection_entries(con, sql_dir)
    return _insert_entries(con, sql_dir, entries, run_id)


def ledger_of(con: duckdb.DuckDBPyConnection, sql_dir: Path,
              entity_id: str | None = None) -> dict[str, list[LedgerEntry]]:
    """Institution ledger entries grouped by entity id."""
    grouped: dict[str, list[LedgerEntry]] = {}
    for row in query_dicts(con, sql_dir, "credit/ledger_entries",
                           {"entity_type": "institution", "entity_id": entity_id}):
        grouped.setdefault(row["entity_id"], []).append(LedgerEntry(**row))
    return grouped


def insert_rating(con: duckdb.DuckDBPyConnection, sql_dir: Path, entity_id: str,
                  rating: RatingResult, meta: dict[str, Any]) -> int:
    """Append a rating (meta: as_of, run_id, source, overridden_by); 1 if a row was written."""
    return inserted_rows(con, sql_dir, "credit/rating_insert", {
        "entity_type": "institution", "entity_id": entity_id, "grade": rating.grade,
        "score": rating.score, "explanation": rating.explanation,
        "next_grade_hint": rating.next_grade_hint, "inspection_weight": rating.inspection_weight,
        "consequences": json.dumps(rating.consequences, ensure_ascii=False), "now": datetime.now(),
        **meta,
    })


def rate_institutions(con: duckdb.DuckDBPyConnection, sql_dir: Path, cfg: InstitutionCreditConfig,
                      as_of: date, run_id: str | None) -> int:
    """Compute every institution's grade; append (in one statement) those that changed."""
    import pyarrow as pa

    ledgers = ledger_of(con, sql_dir)
    now = datetime.now()
    rows = []
    for row in query_dicts(con, sql_dir, "credit/rated_institutions"):
        rating = rating_as_of(ledgers.get(row["entity_id"], []), as_of, cfg)
        rows.append({"entity_type": "institution", "entity_id": row["entity_id"], **asdict(rating),
                     "consequences": json.dumps(rating.consequences, ensure_ascii=False),
                     "as_of": as_of, "run_id": run_id, "created_at": now})
    if not rows:
        return 0
    con.register("new_ratings", pa.Table.from_pylist(rows))
    try:
        return len(execute_sql(con, sql_dir, "credit/ratings_insert_changed").fetchall())
    finally:
        con.unregister("new_ratings")


def override_rating(con: duckdb.DuckDBPyConnection, sql_dir: Path, cfg: InstitutionCreditConfig,
                    entity_id: str, grade: str, reason: str, actor: str, as_of: date) -> RatingResult:
    """Append an override rating (the computed one stays in the history)."""
    from fundguard.errors import NotFoundError, WorkflowError

    if grade not in cfg.consequences:
        raise NotFoundError(f"信用等级不存在: {grade}", hint=f"可用等级: {'、'.join(cfg.consequences)}")
    if not reason.strip() or not actor.strip():
        raise WorkflowError("人工调整等级必须注明理由和操作人", location=f"机构 {entity_id}")
    computed = rating_as_of(ledger_of(con, sql_dir, entity_id).get(entity_id, []), as_of, cfg)
    consequence = cfg.consequences[grade]
    rating = RatingResult(
        grade=grade, score=computed.score,
        explanation=f"人工调整为 {grade} 级 (计算结果 {computed.grade} 级): {reason}",
        next_grade_hint=computed.next_grade_hint, inspection_weight=consequence.inspection_weight,
        consequences={**computed.consequences, "text": consequence.text,
                      "settlement_suspended": consequence.settlement_suspended},
    )
    insert_rating(con, sql_dir, entity_id, rating,
                  {"as_of": as_of, "run_id": None, "source": "override", "overridden_by": actor})
    return rating

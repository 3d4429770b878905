"""Insured-person measures (条例第41条): suspension of direct settlement for 3–12 months after a
confirmed case, recorded once per case in ``insured_measure``."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb

from fundguard.credit.config import InsuredCreditConfig, months_for
from fundguard.credit.grades import add_months
from fundguard.db.sqlrun import inserted_rows, query_dicts


def measure_months(case: dict[str, Any], cfg: InsuredCreditConfig) -> int:
    """Suspension months for a confirmed case: by amount, plus the fraud extra, capped."""
    months = months_for(case["amt_confirmed"], cfg.months_by_amount)
    if case["disposition"] == "确认欺诈":
        months += cfg.fraud_extra_months
    return min(months, cfg.max_months)


def record_insured_measures(con: duckdb.DuckDBPyConnection, sql_dir: Path,
                            cfg: InsuredCreditConfig) -> int:
    """Record the measures confirmed insured cases call for; returns how many were new."""
    cases = query_dicts(con, sql_dir, "credit/confirmed_cases", {"entity_types": ["insured"]})
    new = 0
    for case in cases:
        months = measure_months(case, cfg)
        begin = case["decided_on"]
        new += inserted_rows(con, sql_dir, "credit/insured_measure_insert", {
            "measure_id": "M" + hashlib.sha256(case["case_id"].encode()).hexdigest()[:15],
            "psn_no": case["entity_id"], "measure": cfg.measure, "begin_date": begin,
            "end_date": add_months(begin, months) - timedelta(days=1), "months": months,
            "case_id": case["case_id"], "now": datetime.now(),
            "reason": f"案件 {case['case_id']} {case['disposition']}, {cfg.measure} {months} 个月",
        })
    return new

"""A tiny, fully specified city in the real tables (all migrations applied), for exact assertions."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal

INSTITUTIONS = [
    # code, name, type, level, admdvs, district
    ("H44010600001", "天河第一医院", "H", "3", "440106", "天河区"),
    ("H44010600002", "天河社区医院", "C", "1", "440106", "天河区"),
    ("P44010400001", "越秀大药房", "P", "0", "440104", "越秀区"),
    ("H44010400003", "越秀中医院", "H", "2", "440104", "越秀区"),
]

FINDINGS = [
    # finding_id, rule_id, rule_name, category, result_type, severity, setl_id, inst, date, vola_amt
    ("F1", "sex_restricted_item", "限性别项目用于异性患者", "政策限定类", "明确违规", "medium",
     "S1", "H44010600001", date(2026, 3, 1), Decimal("120.50")),
    ("F2", "sex_restricted_item", "限性别项目用于异性患者", "政策限定类", "明确违规", "high",
     "S2", "H44010600001", date(2026, 3, 2), Decimal("80.00")),
    ("F3", "price_over_cap", "单价超医保限价", "收费类", "明确违规", "medium",
     "S3", "H44010600001", date(2026, 3, 2), Decimal("10.25")),
    ("F4", "price_over_cap", "单价超医保限价", "收费类", "明确违规", "low",
     "S4", "P44010400001", date(2026, 3, 1), Decimal("300.00")),
    ("F5", "over_max_days", "单次开药超最大支付天数", "政策限定类", "可疑", "low",
     "S5", "H44010400003", date(2026, 2, 1), Decimal("5.00")),
]

REASONS = [{"feature": "avg_fee", "label_zh": "次均费用", "value": 820.0, "peer_median": 410.0,
            "percentile": 97.0, "text_zh": "次均费用 820 元, 为同类机构中位数的 2.0 倍"}]


def _insert(con, table: str, row: dict) -> None:
    columns = ", ".join(row)
    placeholders = ", ".join(f"${k}" for k in row)
    con.execute(f"insert into {table} ({columns}) values ({placeholders})", row)  # test helper


def seed_city(con) -> None:
    """Institutions, findings (+lines), risk scores, credit ratings, cases, quality and run rows."""
    for code, name, typ, lv, admdvs, district in INSTITUTIONS:
        _insert(con, "institution", {"fixmedins_code": code, "fixmedins_name": name, "inst_type": typ,
                                     "medins_lv": lv, "admdvs": admdvs, "district_name": district,
                                     "agreement_status": "1"})
    for fid, rule, name, cat, rtype, sev, setl, inst, day, amt in FINDINGS:
        _insert(con, "finding", {
            "finding_id": fid, "rule_id": rule, "rule_version": 1, "gz_code": "GZ" + rule[:4],
            "rule_name": name, "category": cat, "result_type": rtype,
            "legal_basis": "《医疗保障基金使用监督管理条例》第三十八条", "severity": sev, "agency": "医保",
            "hit_unit": "line", "finding_key": fid, "setl_id": setl, "mdtrt_id": "M" + setl,
            "psn_no": "P1", "fixmedins_code": inst, "event_date": day, "vola_amt": amt,
            "fund_amt": (amt * Decimal("0.5")).quantize(Decimal("0.01")), "evidence": "{}",
            "first_run_id": "run-1", "last_run_id": "run-1",
            "created_at": datetime(2026, 3, 3), "updated_at": datetime(2026, 3, 3)})
        _insert(con, "finding_line", {"finding_id": fid, "setl_id": setl, "feedetl_sn": "1",
                                      "vola_item_type": "1", "vola_amt": amt})
    _seed_scores(con)
    _seed_cases(con)
    _seed_operations(con)


def _seed_scores(con) -> None:
    scores = [("H44010600001", 91.0, 1, "高"), ("P44010400001", 55.0, 2, "中"),
              ("H44010400003", 20.0, 3, "低")]
    for code, score, rank, band in scores:
        _insert(con, "risk_score", {
            "run_id": "run-1", "entity_type": "institution", "entity_id": code, "period": "2026-03",
            "peer_group": "H|3", "risk_score": score, "risk_rank": rank, "band": band,
            "reasons": json.dumps(REASONS, ensure_ascii=False), "model_version": "m1",
            "scored_at": datetime(2026, 3, 31, 2)})
    for code, grade, score in [("H44010600001", "D", 700), ("P44010400001", "B", 920),
                               ("H44010400003", "A", 980)]:
        _insert(con, "credit_rating", {
            "entity_type": "institution", "entity_id": code, "grade": grade, "score": score,
            "as_of": date(2026, 3, 31), "explanation": "测试评价", "inspection_weight": 1.0,
            "source": "computed", "created_at": datetime(2026, 3, 31, 3)})


def _seed_cases(con) -> None:
    cases = [("C1", "H44010600001", "初审", datetime(2026, 3, 31, 1), None, "F1"),
             ("C2", "P44010400001", "结案", datetime(2026, 3, 20), datetime(2026, 3, 31, 4), "F4")]
    for cid, code, status, opened, closed, fid in cases:
        _insert(con, "case_file", {
            "case_id": cid, "entity_type": "institution", "entity_id": code, "period": "2026-03",
            "behaviour_group": "政策限定", "queue": "基金监管科", "status": status,
            "opened_at": opened, "updated_at": opened, "closed_at": closed,
            "amt_identified": Decimal("120.50")})
        _insert(con, "case_finding", {"finding_id": fid, "case_id": cid, "added_at": opened})


def _seed_operations(con) -> None:
    _insert(con, "ingest_batch", {"batch_id": "B1", "run_id": "run-1", "inbox": "inbox",
                                  "started_at": datetime(2026, 3, 31, 1), "status": "loaded",
                                  "n_files": 3, "rows_read": 1000, "rows_loaded": 990,
                                  "rows_quarantined": 10})
    for row, check in [(5, "非空检查"), (6, "非空检查"), (9, "日期格式")]:
        _insert(con, "quarantine", {"batch_id": "B1", "file_path": "settlement.csv",
                                    "target_table": "settlement", "source_row": row,
                                    "field": "setl_time", "check_name": check, "severity": "blocking",
                                    "reason_zh": "结算时间为空", "quarantined_at": datetime(2026, 3, 31, 1)})
    _insert(con, "pipeline_run", {"run_id": "run-1", "flow": "nightly", "run_date": date(2026, 3, 31),
                                  "status": "running", "started_at": datetime(2026, 3, 31, 1)})
    for stage, seconds in [("ingest", 12.5), ("rules", 30.25)]:
        _insert(con, "run_stage", {"run_id": "run-1", "stage": stage, "status": "done",
                                   "started_at": datetime(2026, 3, 31, 1), "rows": 10,
                                   "seconds": seconds})

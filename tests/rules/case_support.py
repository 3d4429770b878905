"""Loading rule test cases (tests/rules/cases/<rule_id>.yaml) and inserting their rows.

Given rows name only the columns that matter; NOT NULL columns get neutral defaults here, and fee
lines inherit psn_no / fixmedins_code / mdtrt_id from their settlement when it is given.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import yaml

CASES_DIR = Path(__file__).parent / "cases"
DEFAULT_PERIOD = ("2025-01-01", "2025-01-31")

DEFAULTS: dict[str, dict[str, Any]] = {
    "institution": {"fixmedins_name": "测试医院", "inst_type": "H", "medins_lv": "3",
                    "admdvs": "440101", "agreement_status": "1"},
    "staff": {"fixmedins_code": "H1", "staff_type": "1"},
    "staff_status": {"status": "1", "begin_date": "2000-01-01"},
    "insured": {"gend": "1", "brdy": "1980-01-01", "insutype": "310", "admdvs": "440101"},
    "catalog_item": {"hilist_name": "测试项目", "list_type": "201", "med_chrgitm_type": "05",
                     "chrgitm_lv": "1", "begndate": "2000-01-01", "is_surgery": False},
    "price_cap": {"medins_lv": "*", "begndate": "2000-01-01"},
    "knowledge_point": {},
    "settlement": {"psn_no": "P1", "fixmedins_code": "H1", "insutype": "310", "med_type": "11",
                   "begntime": "2025-01-10 09:00:00", "medfee_sumamt": "100.00",
                   "fund_pay_sumamt": "70.00", "psn_part_amt": "30.00", "er_flag": False,
                   "readm_plan_flag": False, "out_setl_flag": False, "refd_setl_flag": False,
                   "fulamt_ownpay_amt": "0", "inscp_scp_amt": "0", "hifp_pay": "0",
                   "acct_pay": "0", "psn_cash_pay": "0"},
    "fee_line": {"fee_ocur_time": "2025-01-10 10:00:00", "pric": "10", "cnt": "1"},
    "inventory_movement": {"fixmedins_code": "H1", "cnt": "1", "inv_chg_time": "2025-01-10 10:00:00"},
    "fund_disbursement": {"fixmedins_code": "H1", "period": "2025-01", "clr_type": "按月清算",
                          "disb_date": "2025-01-20"},
    "bank_record": {"account_type": "expense", "txn_date": "2025-01-20", "counterparty_code": "H1"},
}


RESULT_TABLES = ("finding", "finding_line", "rule_execution")


def reset_tables(con: Any) -> None:
    """Empty the canonical tables cases write and the rule result tables (fixed names)."""
    for table in (*DEFAULTS, *RESULT_TABLES):
        con.execute(f'delete from "{table}"')


def case_files() -> list[Path]:
    return sorted(CASES_DIR.glob("*.yaml"))


def load_cases(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def all_case_ids() -> list[tuple[str, int, str]]:
    """(rule_id, case index, case name) for every case of every file."""
    out = []
    for path in case_files():
        doc = load_cases(path)
        for i, case in enumerate(doc["cases"]):
            out.append((doc["rule"], i, case["name"]))
    return out


def _complete(table: str, row: dict[str, Any], settlements: dict[str, dict[str, Any]]) -> dict[str, Any]:
    full = {**DEFAULTS.get(table, {}), **row}
    if table == "settlement":
        full.setdefault("mdtrt_id", full["setl_id"])
        full.setdefault("setl_time", full.get("endtime") or full["begntime"])
        full.setdefault("upload_time", full["setl_time"])
    if table == "fee_line":
        parent = settlements.get(full["setl_id"], {})
        for column in ("psn_no", "fixmedins_code", "mdtrt_id"):
            full.setdefault(column, parent.get(column, DEFAULTS["settlement"].get(column)))
        full.setdefault("mdtrt_id", full["setl_id"])
        full.setdefault("det_item_fee_sumamt",
                        str(round(float(full["pric"]) * float(full["cnt"]), 2)))
    return full


def merged_given(doc: dict[str, Any], case: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    given: dict[str, list[dict[str, Any]]] = {}
    for source in (doc.get("given") or {}, case.get("given") or {}):
        for table, rows in source.items():
            given.setdefault(table, []).extend(rows)
    return given


def insert_rows(con: Any, given: dict[str, list[dict[str, Any]]]) -> None:
    """Insert the case rows (strings cast by DuckDB to the column types)."""
    import pyarrow as pa

    settlements = {r["setl_id"]: _complete("settlement", r, {}) for r in given.get("settlement", [])}
    for table, rows in given.items():
        complete = [_complete(table, r, settlements) for r in rows]
        columns = sorted({c for r in complete for c in r})
        data = {c: [None if r.get(c) is None else _text(r.get(c)) for r in complete] for c in columns}
        con.register("case_rows", pa.table(data, schema=pa.schema([(c, pa.string()) for c in columns])))
        con.execute(f'insert into "{table}" by name select * from case_rows')
        con.unregister("case_rows")


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def period_of(doc: dict[str, Any], case: dict[str, Any]) -> tuple[date, date]:
    start, end = case.get("period") or doc.get("period") or DEFAULT_PERIOD
    return date.fromisoformat(str(start)), date.fromisoformat(str(end))


def finding_rows(con: Any, rule_id: str) -> list[dict[str, Any]]:
    rows = con.execute(
        "select evidence, vola_amt, fund_amt from finding where rule_id = $r", {"r": rule_id}
    ).fetchall()
    return [{**json.loads(ev), "_vola_amt": va, "_fund_amt": fa} for ev, va, fa in rows]

"""Row factories for case/credit/referral tests: reference rows, findings, risk scores."""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

INSTITUTIONS = [
    # code, name, inst_type, level, admdvs, district
    ("H23030200001", "鸡西市第一人民医院", "H", "3", "230302", "鸡冠区"),
    ("P23030300001", "康民大药房", "P", "0", "230303", "恒山区"),
]
STAFF = [("D230302000001", "H23030200001", "1"), ("D230302000002", "H23030200001", "1")]
INSURED = [("P0001", "1", date(1960, 1, 1), "230302"), ("P0002", "2", date(1990, 5, 5), "230303")]


def seed_reference(con: Any) -> None:
    """Two institutions (hospital, pharmacy), two doctors, two insured persons."""
    for code, name, kind, lv, adm, dist in INSTITUTIONS:
        con.execute(
            "insert into institution (fixmedins_code, fixmedins_name, inst_type, medins_lv, admdvs,"
            " district_name, agreement_status) values ($c, $n, $t, $l, $a, $d, '1')",
            {"c": code, "n": name, "t": kind, "l": lv, "a": adm, "d": dist},
        )
    for code, inst, kind in STAFF:
        con.execute("insert into staff (psn_code, fixmedins_code, staff_type) values ($c, $i, $k)",
                    {"c": code, "i": inst, "k": kind})
    for psn, gend, brdy, adm in INSURED:
        con.execute("insert into insured (psn_no, gend, brdy, insutype, admdvs)"
                    " values ($p, $g, $b, '310', $a)", {"p": psn, "g": gend, "b": brdy, "a": adm})


def add_finding(con: Any, key: str, **over: Any) -> str:
    """Insert one finding (defaults: a 第38条 price violation at the hospital) and return its id."""
    row: dict[str, Any] = {
        "rule_id": "price_over_cap", "rule_version": 1, "gz_code": "GZ10000102001000",
        "rule_name": "医疗服务项目超限定单价收费", "category": "政策类", "result_type": "明确违规",
        "legal_basis": "条例第38条第(3)项", "severity": "medium", "agency": "医保",
        "hit_unit": "line", "finding_key": key, "setl_id": f"S-{key}", "mdtrt_id": f"M-{key}",
        "psn_no": "P0001", "fixmedins_code": "H23030200001", "staff_code": "D230302000001",
        "event_date": date(2026, 3, 5), "vola_amt": Decimal("1200.00"), "fund_amt": Decimal("840.00"),
        "evidence": json.dumps({"pric": "12.00"}), "first_run_id": "r1", "last_run_id": "r1",
        "created_at": datetime(2026, 3, 6), "updated_at": datetime(2026, 3, 6),
    }
    row.update(over)
    row["finding_id"] = hashlib.sha256(f"{row['rule_id']}|{key}".encode()).hexdigest()[:32]
    cols = ", ".join(row)
    con.execute(f"insert into finding ({cols}) values ({', '.join('$' + c for c in row)})", row)
    return row["finding_id"]


def add_risk(con: Any, entity_type: str, entity_id: str, period: str, score: float, band: str,
             run_id: str = "r1") -> None:
    """A risk_score row of the anomaly stage's table (migration 0030)."""
    con.execute(
        "insert into risk_score (run_id, entity_type, entity_id, period, risk_score, band, reasons,"
        " model_version, scored_at) values ($r, $t, $e, $p, $s, $b, $j, 'iforest-v1', now())",
        {"r": run_id, "t": entity_type, "e": entity_id, "p": period, "s": score, "b": band,
         "j": json.dumps([{"feature": "n_visits", "text_zh": "就诊次数高于同类机构"}],
                         ensure_ascii=False)},
    )


PATHS = {
    "confirm_violation": ["submit", "notify", "no_appeal", "confirm_violation"],
    "confirm_fraud": ["submit", "notify", "appeal", "confirm_fraud"],
    "dismiss": ["dismiss"],
}


def drive_case(con: Any, sql_dir: Any, case_id: str, outcome: str, at: datetime,
               measure: str | None = "行政处罚", **close: Any) -> None:
    """Take a case through the statutory steps to ``outcome`` (and close it when ``measure``)."""
    from fundguard.cases.store import record_decision
    from fundguard.cases.workflow import Decision

    for action in PATHS[outcome]:
        record_decision(con, sql_dir, case_id, Decision(action, "tester", f"测试 {action}"), now=at)
    if outcome != "dismiss" and measure:
        record_decision(con, sql_dir, case_id,
                        Decision("close", "tester", "结案", measure=measure, **close), now=at)


def case_id_of(con: Any, entity_id: str, period: str | None = None) -> str:
    """The case id of an entity (and period)."""
    rows = con.execute(
        "select case_id from case_file where entity_id = $e and ($p is null or period = $p)",
        {"e": entity_id, "p": period}).fetchall()
    assert len(rows) == 1, rows
    return rows[0][0]


def point_cli_at(settings: Any, monkeypatch: Any) -> None:
    """Make the CLI's settings use this test's project and var dir."""
    from fundguard.cli.common import get_settings

    monkeypatch.setenv("FUNDGUARD_PROJECT_DIR", str(settings.project_dir))
    monkeypatch.setenv("FUNDGUARD_VAR_DIR", str(settings.var_path))
    get_settings.cache_clear()


def add_visit(con: Any, setl_id: str, at: datetime, doctor: str,
              lines: list[tuple[str, str, int, int]]) -> None:
    """One outpatient settlement of P0001 at the hospital with fee lines (sn, item, price, count)."""
    total = sum(p * c for _, _, p, c in lines)
    con.execute(
        "insert into settlement (setl_id, mdtrt_id, psn_no, fixmedins_code, insutype, med_type,"
        " begntime, medfee_sumamt, fund_pay_sumamt, psn_part_amt, setl_time, upload_time) values"
        " ($s, $s, 'P0001', 'H23030200001', '310', '11', $at, $t, $t * 0.7, $t * 0.3, $at, $at)",
        {"s": setl_id, "at": at, "t": total})
    for sn, item, pric, cnt in lines:
        con.execute(
            "insert into fee_line (setl_id, feedetl_sn, mdtrt_id, psn_no, fixmedins_code,"
            " med_list_codg, fee_ocur_time, pric, cnt, det_item_fee_sumamt, bilg_dr_codg) values"
            " ($s, $sn, $s, 'P0001', 'H23030200001', $item, $at, $p, $c, $p * $c, $d)",
            {"s": setl_id, "sn": sn, "item": item, "at": at, "p": pric, "c": cnt, "d": doctor})


def over_cap_city(con: Any) -> None:
    """One hospital visit with two lines above the 10.00 元 cap (excess 2.00 × 100 and × 50)."""
    seed_reference(con)
    con.execute("insert into price_cap (hilist_code, medins_lv, begndate, pric_uplmt_amt)"
                " values ('001203000010000', '*', '2026-01-01', 10)")
    add_visit(con, "S1", datetime(2026, 3, 5, 9, 30), "D230302000001",
              [("1", "001203000010000", 12, 100), ("2", "001203000010000", 12, 50)])

"""Constructed cases for the anomaly tests: canonical rows inserted straight into a migrated DuckDB.

``seed_city`` builds a small deterministic city: ``n_hospitals`` level-2 hospitals in one district,
each with outpatient visits whose drug share is set exactly (one drug line + one exam line per visit,
amounts summing to 100 元), plus insured persons and staff.  Tests override single institutions to
plant a known extreme.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

DISTRICT = "310101"
DRUG_CODE = "XA01AA001"
EXAM_CODE = "001200000010000"


def add_institution(con: Any, code: str, inst_type: str = "H", medins_lv: str = "2",
                    admdvs: str = DISTRICT) -> None:
    con.execute(
        "insert into institution (fixmedins_code, fixmedins_name, inst_type, medins_lv, admdvs,"
        " agreement_status) values ($c, $n, $t, $l, $a, '1')",
        {"c": code, "n": f"机构{code}", "t": inst_type, "l": medins_lv, "a": admdvs},
    )


def add_insured(con: Any, psn_no: str, brdy: str = "1970-01-01", insutype: str = "310",
                admdvs: str = DISTRICT, death_date: str | None = None) -> None:
    con.execute(
        "insert into insured (psn_no, gend, brdy, insutype, admdvs, death_date)"
        " values ($p, '1', $b, $i, $a, $d)",
        {"p": psn_no, "b": brdy, "i": insutype, "a": admdvs, "d": death_date},
    )


def add_staff(con: Any, code: str, inst: str, dept: str = "D01", staff_type: str = "1") -> None:
    con.execute(
        "insert into staff (psn_code, fixmedins_code, dept_code, staff_type) values ($c, $i, $d, $t)",
        {"c": code, "i": inst, "d": dept, "t": staff_type},
    )


def add_catalog(con: Any) -> None:
    con.execute(
        "insert into catalog_item (hilist_code, hilist_name, list_type, med_chrgitm_type, chrgitm_lv,"
        " begndate) values ($d, '阿莫西林胶囊', '101', '09', '1', '2020-01-01'),"
        " ($e, '血常规', '201', '04', '1', '2020-01-01')",
        {"d": DRUG_CODE, "e": EXAM_CODE},
    )


@dataclass
class Visit:
    setl_id: str
    psn_no: str
    inst: str
    begntime: datetime
    drug_amt: float
    exam_amt: float
    med_type: str = "11"
    dr_codg: str | None = None
    endtime: datetime | None = None
    prd_days: int = 7
    extra: dict[str, Any] = field(default_factory=dict)


def visit_rows(v: Visit) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The settlement row and its two fee lines (drug + exam) of one visit."""
    total = round(v.drug_amt + v.exam_amt, 2)
    setl = {"setl_id": v.setl_id, "mdtrt_id": v.setl_id, "psn_no": v.psn_no,
            "fixmedins_code": v.inst, "insutype": "310", "med_type": v.med_type,
            "begntime": v.begntime, "endtime": v.endtime, "dr_codg": v.dr_codg,
            "medfee_sumamt": total, "fund_pay_sumamt": round(total * 0.7, 2),
            "psn_part_amt": round(total * 0.3, 2), "setl_time": v.endtime or v.begntime,
            "upload_time": v.endtime or v.begntime, **v.extra}
    lines = [{"setl_id": v.setl_id, "feedetl_sn": str(sn), "mdtrt_id": v.setl_id,
              "psn_no": v.psn_no, "fixmedins_code": v.inst, "med_list_codg": code,
              "fee_ocur_time": v.begntime, "pric": amt, "cnt": 1.0, "det_item_fee_sumamt": amt,
              "bilg_dr_codg": v.dr_codg, "prd_days": days}
             for sn, (code, amt, days) in enumerate(
                 [(DRUG_CODE, v.drug_amt, v.prd_days), (EXAM_CODE, v.exam_amt, None)], start=1)]
    return setl, lines


def add_visits(con: Any, visits: list[Visit]) -> None:
    """Insert the visits' settlements and fee lines in bulk (columns matched by name)."""
    import polars as pl

    setls, lines = [], []
    for v in visits:
        s, ls = visit_rows(v)
        setls.append(s)
        lines.extend(ls)
    for table, rows in (("settlement", setls), ("fee_line", lines)):
        con.register("factory_rows", pl.DataFrame(rows, infer_schema_length=None).to_arrow())
        con.execute(f"insert into {table} by name select * from factory_rows")
        con.unregister("factory_rows")


def add_visit(con: Any, v: Visit) -> None:
    add_visits(con, [v])


def hospital_code(i: int) -> str:
    return f"H{DISTRICT}{i:05d}"


def seed_city(con: Any, drug_shares: list[float], visits_per_hospital: int = 25,
              month_start: datetime = datetime(2026, 3, 2, 9)) -> None:
    """Hospitals with exactly ``drug_shares[i]`` drug share, visits spread over the month."""
    add_catalog(con)
    n_patients = 40
    for p in range(n_patients):
        add_insured(con, f"P{p:04d}")
    for i, share in enumerate(drug_shares):
        inst = hospital_code(i)
        add_institution(con, inst)
        doctor = f"D{DISTRICT}{i:05d}"
        add_staff(con, doctor, inst)
        visits = []
        for k in range(visits_per_hospital):
            when = month_start + timedelta(days=k % 25, hours=k % 5)
            visits.append(Visit(f"S{i:03d}{k:04d}", f"P{(i * 7 + k) % n_patients:04d}", inst,
                                when, round(100 * share, 2), round(100 * (1 - share), 2),
                                dr_codg=doctor))
        add_visits(con, visits)

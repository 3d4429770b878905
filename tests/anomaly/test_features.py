"""Feature SQL on constructed cases: readmissions, co-admission rings, settlements after death,
cross-district days, outpatient during a stay, inventory gaps, out-of-district patients."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
from tests.anomaly.conftest import REPO
from tests.anomaly.factories import (
    DRUG_CODE,
    Visit,
    add_catalog,
    add_institution,
    add_insured,
    add_visits,
)

from fundguard.anomaly.features import (
    entity_features,
    entity_findings,
    materialise_feature_base,
    month_windows,
    release_feature_base,
    span_window,
)

H_READMIT, H_RING, H_OTHER = "H31010100001", "H31010100002", "H31010200003"


def stay(setl_id: str, psn: str, inst: str, begin: datetime, days: int) -> Visit:
    end = begin.replace(hour=10) + (datetime(2026, 1, 1 + days) - datetime(2026, 1, 1))
    return Visit(setl_id, psn, inst, begin, 300.0, 700.0, med_type="21", endtime=end)


def outpatient(setl_id: str, psn: str, inst: str, when: datetime) -> Visit:
    return Visit(setl_id, psn, inst, when, 30.0, 70.0)


@pytest.fixture(scope="module")
def con() -> Iterator[Any]:
    from fundguard.db.connection import memory_connection
    from fundguard.db.migrate import apply_migrations

    c = memory_connection()
    apply_migrations(c, REPO / "sql")
    add_catalog(c)
    for code in (H_READMIT, H_RING):
        add_institution(c, code)
    add_institution(c, H_OTHER, admdvs="310102")
    for psn in ("Q1", "C1", "C2", "M1"):
        add_insured(c, psn)
    add_insured(c, "DD", death_date="2026-03-01")
    add_visits(c, [
        stay("A1", "Q1", H_READMIT, datetime(2026, 2, 1, 9), 4),       # lookback
        stay("A2", "Q1", H_READMIT, datetime(2026, 3, 3, 9), 3),       # readmitted within 31 days
        outpatient("O1", "Q1", H_OTHER, datetime(2026, 3, 4, 15)),    # during stay A2
        stay("R1", "C1", H_RING, datetime(2026, 3, 2, 9), 2),
        stay("R2", "C2", H_RING, datetime(2026, 3, 2, 11), 2),
        stay("R3", "C1", H_RING, datetime(2026, 3, 16, 9), 2),
        stay("R4", "C2", H_RING, datetime(2026, 3, 16, 10), 2),
        outpatient("D1", "DD", H_OTHER, datetime(2026, 3, 10, 9)),    # after death
        outpatient("M1a", "M1", H_READMIT, datetime(2026, 3, 12, 9)),
        outpatient("M1b", "M1", H_OTHER, datetime(2026, 3, 12, 15)),  # second district same day
        outpatient("P1", "C1", H_RING, datetime(2026, 2, 20, 9)),      # lookback: seen before
        Visit("K1", "C2", H_READMIT, datetime(2026, 2, 21, 9), 30.0, 70.0, med_type="14"),  # chronic
    ])
    c.execute("insert into inventory_movement (mov_id, fixmedins_code, med_list_codg, inv_chg_type,"
              " cnt, inv_chg_time) values ('V1', $h, $d, '3503', 0.5, '2026-03-01 08:00:00')",
              {"h": H_OTHER, "d": DRUG_CODE})
    add_findings(c)
    yield c
    c.close()


def add_findings(c: Any) -> None:
    """Dated in / outside March, undated from a March run, undated from a January run."""
    for run, rule, start, end in (("r1", "R_ENT", "2026-03-01", "2026-03-31"),
                                  ("r0", "R_OLD", "2026-01-01", "2026-01-31")):
        c.execute("insert into rule_execution (run_id, rule_id, rule_version, outcome, period_start,"
                  " period_end, executed_at) values ($r, $u, 1, 'hit', $s, $e, now())",
                  {"r": run, "u": rule, "s": start, "e": end})
    rows = [("F1", "R_LINE", "2026-03-05", "high", "明确违规", 100, "r1"),
            ("F2", "R_LINE", "2026-01-05", "high", "明确违规", 999, "r1"),
            ("F3", "R_ENT", None, "medium", "可疑", 50, "r1"),
            ("F4", "R_OLD", None, "critical", "可疑", 999, "r0")]
    for fid, rule, day, severity, kind, amount, run in rows:
        c.execute(
            "insert into finding (finding_id, rule_id, rule_version, rule_name, category, result_type,"
            " legal_basis, severity, agency, hit_unit, finding_key, fixmedins_code, event_date,"
            " vola_amt, fund_amt, first_run_id, last_run_id, created_at, updated_at) values"
            " ($f, $r, 1, '规则', '类别', $k, '条例', $s, '医保', 'entity', $f, $h, $d, $a, $a,"
            " $run, $run, now(), now())",
            {"f": fid, "r": rule, "k": kind, "s": severity, "h": H_RING, "d": day, "a": amount,
             "run": run})


def features(con, spec, entity_type, window=None) -> dict[str, dict]:
    window = window or month_windows(datetime(2026, 3, 1).date(), datetime(2026, 3, 31).date())[0]
    entity = spec.entities[entity_type].model_copy(update={"min_activity": 1})
    spec = spec.model_copy(update={"entities": {**spec.entities, entity_type: entity}})
    materialise_feature_base(con, REPO / "sql", spec, window)
    frame = entity_features(con, REPO / "sql", spec, entity_type, window)
    return {r["entity_id"]: r for r in frame.to_dicts()}


def test_institution_readmission_and_ring_shares(con, spec):
    rows = features(con, spec, "institution")
    assert rows[H_READMIT]["readmit_31d_rate"] == pytest.approx(1.0)
    # the ring's second admissions (16 March) follow the first within 31 days: 2 of 4 stays
    assert rows[H_RING]["readmit_31d_rate"] == pytest.approx(0.5)
    assert rows[H_RING]["cohort_share"] == pytest.approx(1.0)
    assert rows[H_READMIT]["cohort_share"] == pytest.approx(0.0)
    assert rows[H_RING]["avg_los"] == pytest.approx(2.0)
    assert rows[H_RING]["drug_share"] == pytest.approx(0.3)


def test_institution_out_of_district_and_inventory_gap(con, spec):
    rows = features(con, spec, "institution")
    # H_OTHER (310102) saw three patients insured in 310101
    assert rows[H_OTHER]["out_district_share"] == pytest.approx(1.0)
    assert rows[H_READMIT]["out_district_share"] == pytest.approx(0.0)
    # billed 3 units of the drug, 0.5 purchased: gap 2.5 of 3
    assert rows[H_OTHER]["inventory_gap_share"] == pytest.approx(2.5 / 3)
    assert rows[H_READMIT]["inventory_gap_share"] is None


def test_new_patients_and_chronic_status_read_the_lookback(con, spec):
    rows = features(con, spec, "institution")
    # H_READMIT: Q1 stayed there in February (lookback), M1 is new
    assert rows[H_READMIT]["new_patient_share"] == pytest.approx(0.5)
    # H_RING: C1 had an outpatient visit there in February (lookback), C2 is new
    assert rows[H_RING]["new_patient_share"] == pytest.approx(0.5)
    assert rows[H_OTHER]["new_patient_share"] == pytest.approx(1.0)
    insured = features(con, spec, "insured")
    assert insured["C2"]["is_chronic"] == "1"  # a chronic-disease visit in the lookback only
    assert insured["C1"]["is_chronic"] == "0"


def test_insured_person_patterns(con, spec):
    rows = features(con, spec, "insured")
    assert rows["Q1"]["readmit_31d"] == 1
    assert rows["Q1"]["outpatient_during_stay"] == 1
    assert rows["C1"]["cohort_stays"] == 2
    assert rows["DD"]["after_death_setl"] == 1
    assert rows["Q1"]["after_death_setl"] == 0
    assert rows["M1"]["multi_district_days"] == 1
    assert rows["M1"]["n_institutions"] == 2


def test_lookback_settlements_are_not_counted_in_the_window(con, spec):
    rows = features(con, spec, "insured")
    assert rows["Q1"]["n_admissions"] == 1
    whole = span_window(datetime(2026, 2, 1).date(), datetime(2026, 3, 31).date())
    assert features(con, spec, "insured", whole)["Q1"]["n_admissions"] == 2


def test_findings_in_the_window_include_undated_entity_findings_of_overlapping_runs(con, spec):
    window = month_windows(datetime(2026, 3, 1).date(), datetime(2026, 3, 31).date())[0]
    materialise_feature_base(con, REPO / "sql", spec, window)
    rows = entity_findings(con, REPO / "sql", spec, "institution", window).to_dicts()
    assert len(rows) == 1 and rows[0]["entity_id"] == H_RING
    assert rows[0]["n_findings"] == 2 and rows[0]["n_findings_definite"] == 1
    # high x 明确违规 (2 x 1.5) + medium x 可疑 (1 x 1)
    assert rows[0]["finding_weight"] == pytest.approx(4.0)
    assert float(rows[0]["vola_amt"]) == pytest.approx(150.0)
    assert features(con, spec, "institution")[H_RING]["finding_rate"] == pytest.approx(50.0)


def test_base_tables_are_released_once_no_remaining_query_reads_them(con, spec):
    window = month_windows(datetime(2026, 3, 1).date(), datetime(2026, 3, 31).date())[0]
    materialise_feature_base(con, REPO / "sql", spec, window)

    def temp_tables() -> set[str]:
        rows = con.execute("select table_name from duckdb_tables() where temporary").fetchall()
        return {name for (name,) in rows}

    release_feature_base(con, REPO / "sql", spec, ["staff", "insured"])
    assert {"feat_line", "feat_setl", "feat_cohort", "feat_finding"} <= temp_tables()
    release_feature_base(con, REPO / "sql", spec, ["insured"])  # only staff reads feat_line
    assert not temp_tables() & {"feat_line", "feat_prior"}  # feat_prior: institutions only
    assert {"feat_setl", "feat_cohort", "feat_finding"} <= temp_tables()
    release_feature_base(con, REPO / "sql", spec, [])
    assert not temp_tables() & {"feat_setl", "feat_cohort", "feat_finding"}

from datetime import date
from decimal import Decimal

import pytest
from tests.reports.report_builders import seed_city

from fundguard.errors import NotFoundError
from fundguard.reports.nightly_data import nightly_data, report_run


def _data(duck, settings):
    seed_city(duck)
    return nightly_data(duck, settings, report_run(duck, settings, None))


def test_findings_by_rule_and_district_exact(duck, settings):
    duck.execute("insert into rule_execution (run_id, rule_id, rule_version, outcome, coverage,"
                 " executed_at) values ('run-1', 'over_max_qty', 1, 'degraded', 0.5, now())")
    data = _data(duck, settings)
    assert [(r["rule_id"], r["n_new"], r["amt_new"], r["n_total"], r["amt_total"], r["outcome"])
            for r in data.findings_by_rule] == [
        ("price_over_cap", 2, Decimal("310.25"), 2, Decimal("310.25"), None),
        ("sex_restricted_item", 2, Decimal("200.50"), 2, Decimal("200.50"), None),
        ("over_max_days", 1, Decimal("5.00"), 1, Decimal("5.00"), None),
        ("over_max_qty", 0, Decimal("0.00"), 0, Decimal("0.00"), "degraded"),
    ]
    degraded = data.findings_by_rule[-1]
    # a rule without findings is named from the rule library; codes are shown in Chinese
    assert (degraded["rule_name"], degraded["category"]) == ("单次结算数量超限", "政策限定类")
    assert (degraded["outcome_label"], degraded["coverage_pct"]) == ("降级(数据覆盖不足)", 50.0)
    assert [(r["district"], r["n_total"], r["amt_total"]) for r in data.findings_by_district] == [
        ("越秀区", 2, Decimal("305.00")), ("天河区", 3, Decimal("210.75"))]


def test_trend_cases_grades_top_quality_timings_exact(duck, settings):
    data = _data(duck, settings)
    assert data.run["run_date"] == date(2026, 3, 31)
    # 30-day window 2026-03-02 .. 2026-03-31: the findings of 03-01 and 02-01 fall outside
    assert [(r["event_date"], r["vola_amt"]) for r in data.amount_trend] == [
        (date(2026, 3, 2), Decimal("90.25"))]
    assert [(r["status"], r["n_cases"], r["n_closed"]) for r in data.cases_summary] == [
        ("初审", 1, 0), ("结案", 1, 1)]
    assert [(r["case_id"], r["change"]) for r in data.cases_changed] == [("C2", "已结案")]
    assert [(r["grade"], r["n_institutions"]) for r in data.grade_distribution] == [
        ("A", 1), ("B", 1), ("D", 1)]
    assert [(r["rank"], r["fixmedins_code"], r["credit_grade"], r["vola_amt"])
            for r in data.top_institutions] == [
        (1, "H44010600001", "D", Decimal("210.75")), (2, "P44010400001", "B", Decimal("300.00")),
        (3, "H44010400003", "A", Decimal("5.00"))]
    assert data.top_institutions[0]["top_reason"].startswith("次均费用")
    assert [(r["rows_read"], r["rows_quarantined"]) for r in data.data_quality] == [(1000, 10)]
    assert [(r["check_name"], r["n_rows"]) for r in data.quarantine_reasons] == [
        ("非空检查", 2), ("日期格式", 1)]
    assert [(r["stage"], r["seconds"]) for r in data.run_timings] == [("ingest", 12.5), ("rules", 30.25)]


def test_insured_numbers_are_masked_in_changed_cases(duck, settings):
    seed_city(duck)
    duck.execute("insert into case_file (case_id, entity_type, entity_id, period, behaviour_group, queue,"
                 " status, opened_at, updated_at, first_run_id) values ('C3', 'insured', 'P2303001234',"
                 " '2026-03', '频繁就诊', '参保人', '初审', now(), now(), 'run-1')")
    data = nightly_data(duck, settings, report_run(duck, settings, None))
    assert [(r["case_id"], r["entity_id"], r["change"]) for r in data.cases_changed][0] == (
        "C3", "P230****", "新立案")


def test_unknown_run_is_not_found(duck, settings):
    with pytest.raises(NotFoundError, match="找不到流程运行记录"):
        report_run(duck, settings, "nope")

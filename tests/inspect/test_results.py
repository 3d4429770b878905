from datetime import date, datetime
from decimal import Decimal

import pytest
from tests.inspect.inspect_builders import make_inspector, make_plan
from tests.reports.report_builders import seed_city

from fundguard.errors import InputDataError
from fundguard.inspect.draw_store import perform_draw
from fundguard.inspect.estimate_report import draw_estimates
from fundguard.inspect.results import record_results, results_recorded_since

HEADER = "机构编码,检查日期,抽查编号,现场检查,检查事项,发现违规,违规类别,违规金额,基金损失,检查结论,处理\n"


def _draw_all(duck, settings):
    """A draw over the seeded city where every institution is drawn (ratio 1 for every grade)."""
    plan = make_plan(ratios=dict.fromkeys("ABCDE", 1.0), year=2026)
    return perform_draw(duck, settings, plan, [make_inspector(i) for i in range(8)], 9)


def test_results_are_recorded_and_feed_the_estimates(duck, settings, tmp_path):
    seed_city(duck)
    outcome = _draw_all(duck, settings)
    path = tmp_path / "results.csv"
    path.write_text(HEADER
                    + f"H44010600001,2026-04-10,{outcome.draw_id},是,收费检查,是,收费类,\"1,200.50\",800,违规,协议处理\n"
                    + f"P44010400001,2026/04/11,{outcome.draw_id},是,进销存,否,,0,0,未发现问题,\n",
                    encoding="gbk")
    assert record_results(duck, settings, path) == 2
    assert record_results(duck, settings, path) == 2  # re-recording replaces, never duplicates
    rows = duck.execute("select fixmedins_code, inspected_on, violation_found, violation_categories,"
                        " violation_amount from inspection_result order by 1").fetchall()
    assert rows == [("H44010600001", date(2026, 4, 10), True, "billing", Decimal("1200.50")),
                    ("P44010400001", date(2026, 4, 11), False, None, Decimal("0.00"))]
    fed = results_recorded_since(duck, settings, datetime(2000, 1, 1))
    assert sorted((r["fixmedins_code"], r["violation_found"]) for r in fed) == [
        ("H44010600001", True), ("P44010400001", False)]
    assert results_recorded_since(duck, settings, datetime(2100, 1, 1)) == []
    summary, estimates = draw_estimates(duck, settings)
    assert summary == {"draw_id": outcome.draw_id, "n_selected": 4, "n_with_result": 2,
                       "n_excluded": 0}
    by_key = {(e["measure"], e["rule_id"]): e for e in estimates}
    assert by_key[("违规检出率(全部机构)", "")]["value"] == 0.5
    # price_over_cap (收费类) flagged both inspected institutions; only H44010600001 violated billing
    assert by_key[("规则精确率", "price_over_cap")]["value"] == 0.5
    assert by_key[("规则召回率", "price_over_cap")]["value"] == 1.0


def test_bad_amount_names_the_row(duck, settings, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + "H1,2026-04-10,,是,收费,是,,abc,0,,\n", encoding="utf-8")
    with pytest.raises(InputDataError, match="金额格式错误") as info:
        record_results(duck, settings, path)
    assert "第2行" in info.value.render()


def test_missing_required_column_is_refused(duck, settings, tmp_path):
    path = tmp_path / "short.csv"
    path.write_text("机构编码,检查日期\nH1,2026-04-10\n", encoding="utf-8")
    with pytest.raises(InputDataError, match="缺少列"):
        record_results(duck, settings, path)

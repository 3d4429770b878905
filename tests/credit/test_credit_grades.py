from datetime import date
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from fundguard.credit.config import article_of, institution_config
from fundguard.credit.grades import (
    LedgerEntry,
    add_months,
    consecutive_lowest_years,
    grade_for_score,
    rating_as_of,
)

CFG = institution_config(Path(__file__).resolve().parents[2] / "config")
ORDER = [g.grade for g in CFG.sorted_grades()]


def _entry(points, day, kind="deduction", basis="第38条", case="C1"):
    return LedgerEntry(f"{case}{kind}", "institution", "H1", day, points, kind, "r", basis, "medium", case)


@given(st.integers(min_value=-10_000, max_value=10_000), st.integers(min_value=0, max_value=500))
def test_grade_mapping_is_total_and_monotone(score, delta):
    low, high = grade_for_score(score, CFG), grade_for_score(score + delta, CFG)
    assert low.grade in ORDER and ORDER.index(high.grade) <= ORDER.index(low.grade)


def test_article_parser_reads_chinese_and_arabic_numerals():
    assert article_of("《医疗保障基金使用监督管理条例》第三十八条第(三)项") == "第38条"
    assert article_of("条例第40条") == "第40条" and article_of("无") is None


def test_rating_explains_score_and_next_grade():
    entries = [_entry(-40, date(2026, 3, 1)), _entry(-80, date(2026, 3, 2), case="C2"),
               _entry(10, date(2026, 3, 3), kind="bonus", basis="主动退回")]
    r = rating_as_of(entries, date(2026, 4, 1), CFG)
    assert (r.grade, r.score, r.inspection_weight) == ("C", 890, 2.0)
    assert "扣分 2 项共 -120 分" in r.explanation and "加分 1 项共 +10 分" in r.explanation
    assert "C 级(信用一般, 800–899 分)" in r.explanation
    assert r.next_grade_hint.startswith("距 B 级(≥900 分)还差 10 分") and "可修复 60 分" in r.next_grade_hint
    assert rating_as_of([], date(2026, 4, 1), CFG).next_grade_hint == "已是最高等级 A 级。"
    assert rating_as_of(entries, date(2026, 2, 1), CFG).score == 1000


def test_fraud_floor_and_consecutive_lowest_years_terminate_agreement():
    entries = [_entry(0, date(2024, 6, 1), kind="floor", basis="移送")]
    r = rating_as_of(entries, date(2026, 3, 1), CFG)
    assert r.grade == "E" and "2026-06-01 前直接评为最低等级" in r.explanation
    assert consecutive_lowest_years(entries, date(2026, 3, 1), CFG) == 2
    assert r.consequences["agreement_termination"] is True and r.consequences["settlement_suspended"]
    assert rating_as_of(entries, date(2026, 6, 1), CFG).grade == "A"


def test_add_months_clamps_to_month_end():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 15), 6) == date(2027, 5, 15)

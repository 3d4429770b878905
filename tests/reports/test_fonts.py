import warnings

import pytest

from fundguard.errors import ConfigError
from fundguard.reports import fonts
from fundguard.reports.charts import CHART_TEXT, bar_chart_png, line_chart_png, peer_comparison_png
from fundguard.reports.nightly import SECTIONS


def _all_labels() -> str:
    from fundguard.inspect.announce import ANNOUNCEMENT_COLUMNS
    from fundguard.inspect.caselist import CASE_LIST_COLUMNS
    from fundguard.inspect.dossier import RULE_COLUMNS

    labels = list(CHART_TEXT.values()) + [title for _, title, _ in SECTIONS]
    labels += [label for _, _, cols in SECTIONS for _, label in cols]
    labels += [label for cols in (CASE_LIST_COLUMNS, RULE_COLUMNS, ANNOUNCEMENT_COLUMNS)
               for _, label in cols]
    return "".join(labels)


def test_font_in_use_has_a_glyph_for_every_chart_and_report_label():
    assert fonts.cjk_font_path().is_file()
    assert fonts.missing_glyphs(_all_labels()) == set()
    assert fonts.missing_glyphs("医保基金\U0001F600") == {"\U0001F600"}  # the check can fail


def test_matplotlib_uses_the_registered_cjk_face():
    import matplotlib
    from matplotlib import font_manager

    family = fonts.configure_matplotlib()
    assert family == fonts.PREFERRED_FAMILY
    assert matplotlib.rcParams["pdf.fonttype"] == 42
    found = font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
    assert found == str(fonts.cjk_font_path())


def test_rendering_chinese_charts_emits_no_missing_glyph_warning():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pngs = [
            bar_chart_png(["政策限定类", "收费类", "进销存类"], [3, 2, 1], CHART_TEXT["findings_by_rule"]),
            line_chart_png(["03-01", "03-02"], {CHART_TEXT["amount"]: [1, 2]},
                           CHART_TEXT["amount_trend"], CHART_TEXT["amount"]),
            peer_comparison_png(["次均费用", "住院率"], [2.0, 1.0], [1.0, 0.5]),
            bar_chart_png([], [], CHART_TEXT["grade_distribution"]),
        ]
    assert all(p.startswith(b"\x89PNG") for p in pngs)
    assert [str(w.message) for w in caught if "missing from font" in str(w.message)] == []


def test_a_glyph_outside_the_font_is_reported_by_matplotlib():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        bar_chart_png(["\U0001F600"], [1], "测试")
    assert any("missing from font" in str(w.message) for w in caught)


def test_no_cjk_font_fails_loudly(monkeypatch, tmp_path):
    monkeypatch.setattr(fonts, "_package_font", lambda: None)
    monkeypatch.setattr(fonts, "SYSTEM_FONT_PATHS", (tmp_path / "none.ttc",))
    fonts.cjk_font_path.cache_clear()
    try:
        with pytest.raises(ConfigError, match="未找到中文字体"):
            fonts.cjk_font_path()
    finally:
        fonts.cjk_font_path.cache_clear()

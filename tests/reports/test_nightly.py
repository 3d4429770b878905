import re
import warnings
from datetime import datetime

import openpyxl
from tests.reports.report_builders import seed_city

from fundguard.reports.nightly import SECTIONS, headline, write_nightly
from fundguard.reports.nightly_data import nightly_data, report_run


def test_nightly_html_is_offline_chinese_and_xlsx_has_every_section(duck, settings, tmp_path):
    seed_city(duck)
    data = nightly_data(duck, settings, report_run(duck, settings, "run-1"))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        paths = write_nightly(data, tmp_path, datetime(2026, 3, 31, 6))
    assert not [w for w in caught if "missing from font" in str(w.message)]
    page = paths["html"].read_text(encoding="utf-8")
    assert not re.search(r"(src|href)=\"(https?:)?//", page)
    assert "<script" not in page and "<link" not in page
    assert page.count("data:image/png;base64,") == 4
    for _, title, _ in SECTIONS:
        assert f"<h2>{title}</h2>" in page
    assert "310.25" in page and "天河第一医院" in page
    assert headline(data) == ("本次新增疑点 5 条, 违规金额 515.75 元; 新立案 0 件, 近7天结案 1 件; "
                              "入库隔离记录 10 行。")
    assert headline(data) in page
    book = openpyxl.load_workbook(paths["xlsx"])
    assert book.sheetnames == [title[:31] for _, title, _ in SECTIONS]
    rule_sheet = book[SECTIONS[0][1]]
    assert rule_sheet.cell(2, 1).value == "price_over_cap" and rule_sheet.cell(2, 7).value == 310.25

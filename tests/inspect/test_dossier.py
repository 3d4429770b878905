from datetime import date
from decimal import Decimal

import pytest
from tests.reports.report_builders import seed_city

from fundguard.errors import NotFoundError
from fundguard.inspect.dossier import dossier_data

WINDOW = {"date_from": date(2026, 1, 1), "date_to": date(2026, 3, 31)}


def test_dossier_data_collects_every_section(duck, settings):
    seed_city(duck)
    data = dossier_data(duck, settings, "H44010600001", **WINDOW)
    assert data.profile["inst_type_zh"] == "医院" and data.profile["medins_lv_zh"] == "三级"
    assert data.risk["risk_rank"] == 1 and data.reasons[0]["label_zh"] == "次均费用"
    assert [(c["grade"], c["score"]) for c in data.credit] == [("D", 700)]
    assert [(r["rule_id"], r["vola_amt"], r["sample_setl_ids"]) for r in data.rules] == [
        ("sex_restricted_item", Decimal("200.50"), ["S1", "S2"]),
        ("price_over_cap", Decimal("10.25"), ["S3"]),
    ]
    assert [c["case_id"] for c in data.cases] == ["C1"]


def test_unknown_institution_is_not_found(duck, settings):
    with pytest.raises(NotFoundError):
        dossier_data(duck, settings, "H000", **WINDOW)

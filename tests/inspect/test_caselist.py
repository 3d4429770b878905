from datetime import date
from decimal import Decimal

from tests.reports.report_builders import seed_city

from fundguard.inspect.caselist import CASE_LIST_COLUMNS, export_flying_list, flying_list


def _rows(duck, settings, **kw):
    params = {"top": 2, "date_from": date(2026, 1, 1), "date_to": date(2026, 3, 31)} | kw
    return flying_list(duck, settings, **params)


def test_list_ranks_by_risk_and_groups_by_rule(duck, settings):
    seed_city(duck)
    rows = _rows(duck, settings)
    got = [(r["inst_rank"], r["fixmedins_code"], r["rule_id"], r["vola_amt"], r["n_settlements"],
            r["credit_grade"], r["handling"]) for r in rows]
    assert got == [
        (1, "H44010600001", "sex_restricted_item", Decimal("200.50"), 2, "D", "行政处罚"),
        (1, "H44010600001", "price_over_cap", Decimal("10.25"), 1, "D", "协议处理"),
        (2, "P44010400001", "price_over_cap", Decimal("300.00"), 1, "B", "协议处理"),
    ]
    first = rows[0]
    assert first["sample_setl_ids"] == ["S1", "S2"]
    assert first["n_lines_violating"] == 2 and first["fund_amt"] == Decimal("100.25")
    assert first["period"] == "2026-03-01 至 2026-03-02"
    assert "病历" in first["evidence"] and first["case_status"] == "初审"
    assert rows[1]["case_status"] == "未立案" and "重复收费" in rows[1]["focus"]


def test_district_filter_and_window(duck, settings):
    seed_city(duck)
    rows = _rows(duck, settings, district="越秀区", top=5)
    assert {r["fixmedins_code"] for r in rows} == {"P44010400001", "H44010400003"}
    rows = _rows(duck, settings, district="440104", date_from=date(2026, 3, 1), top=5)
    assert [r["fixmedins_code"] for r in rows] == ["P44010400001"]


def test_entity_finding_without_date_is_listed(duck, settings):
    seed_city(duck)
    duck.execute("insert into finding (finding_id, rule_id, rule_version, rule_name, category, result_type,"
                 " legal_basis, severity, agency, hit_unit, finding_key, fixmedins_code, vola_amt,"
                 " first_run_id, last_run_id, created_at, updated_at) values ('F9', 'doctor_overload', 1,"
                 " '医师超负荷接诊', '行为主体类', '可疑', '条例第十五条', 'high', '医保', 'entity', 'k',"
                 " 'H44010400003', 0, 'run-1', 'run-1', now(), now())")
    rows = [r for r in _rows(duck, settings, top=5) if r["rule_id"] == "doctor_overload"]
    assert [(r["period"], r["sample_setl_ids"], r["handling"]) for r in rows] == [("—", [], "现场核查")]
    assert "挂床" in rows[0]["focus"]


def test_high_risk_institution_without_findings_gets_a_model_row(duck, settings):
    seed_city(duck)
    duck.execute("insert into institution (fixmedins_code, fixmedins_name, inst_type, medins_lv, admdvs,"
                 " agreement_status) values ('H44010600009', '模型提示医院', 'H', '2', '440106', '1')")
    duck.execute("insert into risk_score (run_id, entity_type, entity_id, period, risk_score, band,"
                 " reasons, scored_at) values ('run-1', 'institution', 'H44010600009', '2026-03', 99.0,"
                 " '高', '[{\"text_zh\": \"住院率为同类 3 倍\"}]', now())")
    first = _rows(duck, settings, top=1)
    assert [(r["fixmedins_code"], r["rule_id"], r["rule_name"], r["vola_amt"], r["n_findings"])
            for r in first] == [("H44010600009", None, "风险异常(模型提示, 无规则疑点)", Decimal("0.00"), 0)]
    assert "住院率为同类 3 倍" in first[0]["focus"] and first[0]["handling"] == "现场核查"
    assert first[0]["sample_setl_ids"] == [] and first[0]["period"] == "—"


def test_export_writes_all_columns(duck, settings, tmp_path):
    import openpyxl

    seed_city(duck)
    path = export_flying_list(_rows(duck, settings), tmp_path / "list.xlsx", "飞行检查清单")
    sheet = openpyxl.load_workbook(path).worksheets[0]
    assert [c.value for c in sheet[1]] == [label for _, label in CASE_LIST_COLUMNS]
    column = {label: i + 1 for i, (_, label) in enumerate(CASE_LIST_COLUMNS)}
    assert sheet.cell(2, column["机构编码"]).value == "H44010600001"
    assert sheet.cell(2, column["违规金额(元)"]).value == 200.5
    assert sheet.cell(2, column["样例结算ID"]).value == "S1、S2"

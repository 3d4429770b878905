from decimal import Decimal
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from fundguard.referral.routing import CaseFacts, routes_for_case, routing_config

CFG = routing_config(Path(__file__).resolve().parents[2] / "config")
FRAUD = "《医疗保障基金使用监督管理条例》第四十条第(三)项"
PRICE = "《医疗保障基金使用监督管理条例》第三十八条第(三)项"


def _agencies(**kw):
    base = {"entity_type": "institution", "disposition": None, "amount": Decimal(0),
            "legal_bases": (PRICE,), "rule_texts": ("单价超医保限价",), "inst_type": "H"}
    return [r.agency for r in routes_for_case(CaseFacts(**(base | kw)), CFG)]


def test_fraud_at_threshold_goes_to_police_below_it_does_not():
    assert _agencies(disposition="确认欺诈", amount=Decimal("3000.00"))[0] == "公安"
    assert "公安" not in _agencies(disposition="确认欺诈", amount=Decimal("2999.99"))
    assert _agencies(legal_bases=(FRAUD,), amount=Decimal(5000))[0] == "公安"


def test_must_refer_behaviours_go_to_police_regardless_of_amount():
    assert "公安" in _agencies(rule_texts=("结伴住院/虚假住院团伙",), amount=Decimal(1))


def test_price_practice_staff_and_agreement_routes():
    assert _agencies() == ["市场监管"]
    assert _agencies(rule_texts=("低标准入院",)) == ["卫生健康"]
    assert _agencies(entity_type="staff", rule_texts=("医师日接诊量异常",)) == ["纪检监察"]
    assert _agencies(entity_type="staff", inst_type="P", rule_texts=("x",)) == ["经办"]
    assert _agencies(rule_texts=("计费日期与住院时间不符",)) == ["经办"]


@given(st.sampled_from(["institution", "pharmacy", "staff", "insured"]),
       st.sampled_from([None, "确认违规", "确认欺诈"]),
       st.decimals(min_value=0, max_value=10**7, places=2),
       st.lists(st.sampled_from(["限价", "倒卖", "过度检查", "其他", "空刷"]), max_size=3))
def test_every_case_has_a_route_and_big_fraud_always_reaches_police(entity, disposition, amount, texts):
    agencies = _agencies(entity_type=entity, disposition=disposition, amount=amount,
                         rule_texts=tuple(texts) or ("其他",))
    assert agencies and len(agencies) == len(set(agencies))
    if disposition == "确认欺诈" and amount >= CFG.threshold_amount:
        assert agencies[0] == "公安"

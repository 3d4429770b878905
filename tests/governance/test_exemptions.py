"""Exemptions: scope matching, validity boundaries, revocation, policy refusals and the audit trail."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.cases.factories import add_finding, add_visit, seed_reference
from tests.governance.support import NOW, POLICY, SQL, exempt, request, spec, statuses

from fundguard.errors import GovernanceError
from fundguard.governance.exemptions import (
    ExemptionScope,
    add_exemption,
    add_months,
    exemption_history,
    last_allowed_day,
    list_exemptions,
    revoke_exemption,
)


def test_scope_must_match_every_given_field(duck):
    seed_reference(duck)
    add_finding(duck, "h1")  # price_over_cap at H23030200001, staff D230302000001, insured P0001
    add_finding(duck, "other_doctor", staff_code="D230302000002")
    add_finding(duck, "pharmacy", fixmedins_code="P23030300001", staff_code=None, psn_no="P0002")
    add_finding(duck, "other_rule", rule_id="over_max_qty")
    ex = exempt(duck, fixmedins_code="H23030200001", staff_code="D230302000001")
    assert statuses(duck) == {
        "h1": ("exempt", ex), "other_doctor": ("active", None), "pharmacy": ("active", None),
        "other_rule": ("active", None)}
    by_insured = exempt(duck, psn_no="P0002")
    assert statuses(duck)["pharmacy"] == ("exempt", by_insured)


def _line_finding(con, key: str, setl_id: str, sns: list[str]) -> None:
    fid = add_finding(con, key, setl_id=setl_id)
    for sn in sns:
        con.execute("insert into finding_line (finding_id, setl_id, feedetl_sn, vola_item_type)"
                    " values ($f, $s, $n, '1')", {"f": fid, "s": setl_id, "n": sn})


def test_item_scope_covers_a_finding_only_when_every_violating_line_bills_the_item(duck):
    seed_reference(duck)
    duck.execute("insert into catalog_item (hilist_code, hilist_name, list_type, med_chrgitm_type,"
                 " chrgitm_lv, begndate) values ('ITEM-A', '特需诊查', '201', '01', '01', '2020-01-01')")
    add_visit(duck, "S1", datetime(2026, 3, 5, 9), "D230302000001",
              [("1", "ITEM-A", 12, 1), ("2", "ITEM-B", 12, 1), ("3", "ITEM-A", 12, 1)])
    _line_finding(duck, "only_a", "S1", ["1", "3"])
    _line_finding(duck, "a_and_b", "S1", ["1", "2"])
    _line_finding(duck, "line_not_loaded", "S1", ["1", "9"])
    add_finding(duck, "no_lines")
    ex = exempt(duck, fixmedins_code="H23030200001", med_list_codg="ITEM-A")
    assert statuses(duck) == {"only_a": ("exempt", ex), "a_and_b": ("active", None),
                              "line_not_loaded": ("active", None), "no_lines": ("active", None)}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(offset=st.integers(-40, 400), start_shift=st.integers(-31, 60), months=st.integers(1, 12),
       shorter_by=st.integers(0, 200))
def test_exemption_applies_exactly_from_start_to_expiry_inclusive(duck, offset, start_shift, months,
                                                                 shorter_by):
    duck.execute("delete from exemption_event; delete from exemption; delete from finding")
    if duck.execute("select count(*) from institution").fetchone() == (0,):
        seed_reference(duck)
    valid_from = NOW.date() + timedelta(days=start_shift)
    valid_to = max(valid_from, last_allowed_day(valid_from, months) - timedelta(days=shorter_by))
    event_date = valid_from + timedelta(days=offset)
    add_finding(duck, "f", event_date=event_date)
    exempt(duck, valid_from=valid_from, valid_to=valid_to,
           now=datetime.combine(valid_from, time(9)))  # registered on its first day
    expected = "exempt" if valid_from <= event_date <= valid_to else "active"
    assert statuses(duck)["f"][0] == expected


def test_undated_finding_uses_the_day_it_was_first_found(duck):
    add_finding(duck, "entity", event_date=None, created_at=datetime(2026, 2, 20, 3))
    seed_reference(duck)
    exempt(duck, valid_from=date(2026, 3, 1))
    assert statuses(duck)["entity"][0] == "active"
    duck.execute("update finding set created_at = '2026-03-02 03:00:00'")
    assert statuses(duck)["entity"][0] == "exempt"


def test_max_duration_is_calendar_months():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert last_allowed_day(date(2026, 3, 1), 12) == date(2027, 2, 28)
    assert last_allowed_day(date(2024, 2, 29), 12) == date(2025, 2, 27)


@pytest.mark.parametrize(("kw", "message"), [
    ({"valid_to": date(2027, 3, 1)}, "超过上限 12 个月"),
    ({"valid_to": date(2026, 2, 28)}, "早于有效期起"),
    ({"valid_from": date(2026, 1, 1), "valid_to": date(2026, 6, 30)}, "追溯起点"),
    ({"approver": "zhangsan"}, "四眼原则"),
    ({"fixmedins_code": "H-NOT-REGISTERED"}, "机构编码在登记信息中不存在"),
    ({"rule_id": "settlement_after_death"}, "明确违规且严重程度为 critical"),
])
def test_policy_refusals_are_chinese_and_write_nothing(duck, kw, message):
    seed_reference(duck)
    rule_id = kw.pop("rule_id", "price_over_cap")
    with pytest.raises(GovernanceError, match=message):
        exempt(duck, rule_id, **kw)
    assert duck.execute("select count(*) from exemption").fetchone() == (0,)
    assert duck.execute("select count(*) from exemption_event").fetchone() == (0,)


def test_rule_alone_is_too_wide_a_scope(duck):
    req = request()
    req = replace(req, scope=ExemptionScope())
    with pytest.raises(GovernanceError, match="豁免范围过宽"):
        add_exemption(duck, SQL, req, spec(), POLICY, now=NOW)


def test_same_scope_with_overlapping_dates_is_refused_until_revoked(duck):
    seed_reference(duck)
    first = exempt(duck, valid_to=date(2026, 6, 30))
    with pytest.raises(GovernanceError, match=first):
        exempt(duck, valid_from=date(2026, 6, 30))
    assert exempt(duck, valid_from=date(2026, 7, 1)).endswith("-002")
    revoke_exemption(duck, SQL, first, "lisi", "批复废止", date(2026, 3, 20), now=NOW)
    assert exempt(duck, valid_from=date(2026, 3, 20), valid_to=date(2026, 5, 31)).endswith("-003")


def test_critical_violations_exempt_only_when_config_allows_and_row_records_it(duck):
    seed_reference(duck)
    add_finding(duck, "dead", rule_id="settlement_after_death", severity="critical")
    allowing = POLICY.model_copy(update={"allow_critical_violations": True})
    ex = exempt(duck, "settlement_after_death", policy=allowing)
    assert statuses(duck)["dead"] == ("exempt", ex)
    # a rule re-versioned to critical after registration is not hidden by an ordinary exemption
    add_finding(duck, "crit", severity="critical")
    exempt(duck)
    assert statuses(duck)["crit"] == ("active", None)


def test_revocation_stops_from_its_effective_date_and_is_audited(duck):
    seed_reference(duck)
    for day in (5, 19, 20, 25):
        add_finding(duck, f"d{day}", event_date=date(2026, 3, day))
    ex = exempt(duck)
    assert {k for k, (s, _) in statuses(duck).items() if s == "exempt"} == {"d5", "d19", "d20", "d25"}
    later = NOW + timedelta(days=10)
    row = revoke_exemption(duck, SQL, ex, "lisi", "批复已废止", date(2026, 3, 20), now=later)
    assert (row["revoked_from"], row["applies_to"], row["status"]) == (
        date(2026, 3, 20), date(2026, 3, 19), "revoked")
    assert {k for k, (s, _) in statuses(duck).items() if s == "exempt"} == {"d5", "d19"}
    with pytest.raises(GovernanceError, match="已于 2026-03-20 撤销"):
        revoke_exemption(duck, SQL, ex, "lisi", "再次撤销", now=later)
    history = exemption_history(duck, SQL, ex)
    assert [(h["seq"], h["action_label"], h["actor"], h["event_at"], h["reason"]) for h in history] == [
        (1, "登记", "zhangsan", NOW, "省局批复特需服务价格"),
        (2, "撤销", "lisi", later, "批复已废止")]
    added = json.loads(history[0]["payload"])
    assert (added["approver"], added["doc_no"], added["valid_to"]) == (
        "李科长", "黑医保函〔2026〕12号", "2026-12-31")
    assert duck.execute("select count(*) from exemption").fetchone() == (1,)  # row never changed


def test_revoke_after_expiry_is_refused(duck):
    seed_reference(duck)
    ex = exempt(duck, valid_to=date(2026, 3, 31))
    with pytest.raises(GovernanceError, match="晚于豁免有效期止"):
        revoke_exemption(duck, SQL, ex, "lisi", "过期撤销", date(2026, 4, 2), now=NOW)


def test_list_states_on_a_day_with_covered_findings(duck):
    seed_reference(duck)
    add_finding(duck, "a", vola_amt=Decimal("100.10"))
    add_finding(duck, "b", vola_amt=Decimal("20.00"))
    ex = exempt(duck, valid_to=date(2026, 3, 31))
    future = exempt(duck, "over_max_qty", valid_from=date(2026, 4, 1))
    rows = {r["exemption_id"]: r for r in list_exemptions(duck, SQL, date(2026, 3, 31))}
    assert (rows[ex]["status_label"], rows[ex]["n_findings"], rows[ex]["amt_findings"]) == (
        "生效中", 2, Decimal("120.10"))
    assert rows[ex]["scope"] == "机构=H23030200001"
    assert rows[future]["status_label"] == "未生效"
    expired = list_exemptions(duck, SQL, date(2026, 4, 1), status="expired")
    assert [r["exemption_id"] for r in expired] == [ex]
    with pytest.raises(GovernanceError, match="未知的豁免状态"):
        list_exemptions(duck, SQL, date(2026, 4, 1), status="gone")

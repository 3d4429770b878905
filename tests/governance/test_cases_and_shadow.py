"""Exempt and shadow-mode findings are kept and reported but open no case; mode changes are recorded."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from tests.cases.factories import add_finding, seed_reference
from tests.governance.support import NOW, REPO, SQL, exempt, statuses

from fundguard.cases.build import build_cases
from fundguard.cases.config import workflow_config
from fundguard.errors import ConfigError
from fundguard.governance.config import GovernanceConfig, ShadowEntry
from fundguard.governance.exemptions import revoke_exemption
from fundguard.governance.shadow import current_modes, sync_rule_modes

CFG = workflow_config(REPO / "config")
KNOWN = {"price_over_cap", "over_max_qty", "card_distant_same_day"}


def _build(con, run_id="r1"):
    return build_cases(con, SQL, CFG, run_id, now=datetime(2026, 4, 1, 2, 0))


def _cased(con) -> set[str]:
    rows = con.execute("select f.finding_key from case_finding join finding f using (finding_id)")
    return {r[0] for r in rows.fetchall()}


def _shadow(*rule_ids: str) -> GovernanceConfig:
    return GovernanceConfig(shadow_rules={r: ShadowEntry(reason="精确率待验证, 试运行") for r in rule_ids})


def test_exempt_findings_are_kept_but_never_cased_until_the_exemption_ends(duck):
    seed_reference(duck)
    add_finding(duck, "covered", vola_amt=Decimal("500.00"))
    add_finding(duck, "other_rule", rule_id="over_max_qty", vola_amt=Decimal("70.00"))
    ex = exempt(duck)
    result = _build(duck)
    assert result.linked_findings == 1 and _cased(duck) == {"other_rule"}
    assert duck.execute("select sum(amt_identified) from case_file").fetchone() == (Decimal("70.00"),)
    assert duck.execute("select count(*) from finding").fetchone() == (2,)  # nothing deleted
    # revoked from 2026-03-20: a finding dated after that is cased, the covered one stays exempt
    revoke_exemption(duck, SQL, ex, "lisi", "批复废止", date(2026, 3, 20), now=NOW)
    add_finding(duck, "after_revoke", event_date=date(2026, 3, 25))
    assert _build(duck, "r2").linked_findings == 1
    assert _cased(duck) == {"other_rule", "after_revoke"}
    assert statuses(duck)["covered"] == ("exempt", ex)


def test_shadow_rule_findings_open_no_case_and_stay_trial_after_going_live(duck):
    seed_reference(duck)
    sync_rule_modes(duck, SQL, _shadow("price_over_cap"), KNOWN, "r0", now=datetime(2026, 3, 1))
    add_finding(duck, "trial", created_at=datetime(2026, 3, 6))
    add_finding(duck, "live_rule", rule_id="over_max_qty", created_at=datetime(2026, 3, 6))
    _build(duck)
    assert _cased(duck) == {"live_rule"}
    assert statuses(duck)["trial"] == ("shadow", None)
    changes = sync_rule_modes(duck, SQL, GovernanceConfig(), KNOWN, "r2", now=datetime(2026, 3, 15))
    assert [(c.rule_id, c.mode) for c in changes] == [("price_over_cap", "live")]
    add_finding(duck, "after_go_live", created_at=datetime(2026, 3, 16))
    _build(duck, "r2")
    assert _cased(duck) == {"live_rule", "after_go_live"}
    assert statuses(duck)["trial"] == ("shadow", None)


def test_mode_sync_records_only_changes_and_rejects_unknown_rules(duck):
    cfg = _shadow("card_distant_same_day")
    assert len(sync_rule_modes(duck, SQL, cfg, KNOWN, "r1", now=datetime(2026, 3, 1))) == 1
    assert sync_rule_modes(duck, SQL, cfg, KNOWN, "r2", now=datetime(2026, 3, 2)) == []
    assert current_modes(duck, SQL) == {"card_distant_same_day": "shadow"}
    events = duck.execute("select rule_id, mode, run_id, source, reason from rule_mode_event").fetchall()
    assert events == [("card_distant_same_day", "shadow", "r1", "config/governance.yaml",
                       "精确率待验证, 试运行")]
    with pytest.raises(ConfigError, match="试运行名单中的规则不存在: no_such_rule"):
        sync_rule_modes(duck, SQL, _shadow("no_such_rule"), KNOWN, "r3")


def test_withheld_findings_do_not_feed_risk_features(duck):
    from fundguard.db.sql_files import sql_text

    seed_reference(duck)
    sync_rule_modes(duck, SQL, _shadow("over_max_qty"), KNOWN, "r0", now=datetime(2026, 3, 1))
    add_finding(duck, "exempted")
    add_finding(duck, "trial", rule_id="over_max_qty")
    add_finding(duck, "active", staff_code="D230302000002", fixmedins_code="P23030300001")
    exempt(duck, staff_code="D230302000001")
    text = sql_text(SQL, "features/feat_finding")
    rows = duck.execute(text, {"start": date(2026, 3, 1), "end": date(2026, 3, 31),
                               "severity_weight": "{}", "result_type_weight": "{}"}).fetchall()
    assert [r[2] for r in rows] == ["D230302000002"]

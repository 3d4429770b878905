"""The nightly report and the rule report show exemptions, shadow mode and fire-rate drift."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from tests.governance.support import REPO, SQL, exempt
from tests.reports.report_builders import seed_city

from fundguard.governance.config import GovernanceConfig, ShadowEntry, governance_config
from fundguard.governance.drift import record_fire_rates
from fundguard.governance.shadow import sync_rule_modes
from fundguard.reports.nightly import SECTIONS, governance_line, render_html
from fundguard.reports.nightly_data import nightly_data, report_run


def _governed_city(con) -> str:
    """The report city with F3 (price_over_cap, 10.25 元) exempt, sex_restricted_item in shadow mode
    (F1, F2) and price_over_cap silent in run-1 after five nights of hits."""
    seed_city(con)
    ex = exempt(con, fixmedins_code="H44010600001")
    cfg = GovernanceConfig(shadow_rules={"sex_restricted_item": ShadowEntry(reason="试运行观察")})
    sync_rule_modes(con, SQL, cfg, {"sex_restricted_item"}, "run-0", now=datetime(2026, 3, 1))
    for night in range(6):
        con.execute("insert into rule_execution (run_id, rule_id, rule_version, outcome, n_hits,"
                    " n_input_rows, executed_at) values ($r, 'price_over_cap', 1, 'hit', $n, 10000, $at)",
                    {"r": "run-1" if night == 5 else f"old-{night}", "n": 0 if night == 5 else 20,
                     "at": datetime(2026, 3, 25) + timedelta(days=night)})
    record_fire_rates(con, SQL, "run-1", governance_config(REPO / "config").fire_rate)
    return ex


def test_nightly_report_counts_exempt_and_shadow_findings_and_flags_drift(duck, settings):
    ex = _governed_city(duck)
    data = nightly_data(duck, settings, report_run(duck, settings, "run-1"))
    g = data.governance
    assert (g["n_exempt"], g["amt_exempt"], g["n_shadow"], g["amt_shadow"]) == (
        1, Decimal("10.25"), 2, Decimal("200.50"))
    assert (g["n_shadow_rules"], g["n_active_exemptions"], list(g["fire_rate_rules"])) == (
        1, 1, ["price_over_cap"])
    assert governance_line(data) == (
        "规则治理: 豁免疑点 1 条, 金额 10.25 元 (本次新增 1 条; 生效豁免 1 项, 其中将到期 0 项); "
        "试运行规则 1 条, 试运行疑点 2 条, 金额 200.50 元 (不立案); 命中率突变规则 1 条: price_over_cap。")
    rules = {r["rule_id"]: r for r in data.findings_by_rule}
    assert (rules["price_over_cap"]["fire_rate_label"], rules["price_over_cap"]["n_exempt"]) == (
        "命中率突变(归零)", 1)
    assert (rules["sex_restricted_item"]["mode_label"], rules["sex_restricted_item"]["n_shadow"]) == (
        "试运行", 2)
    assert rules["over_max_days"]["mode_label"] == "正式运行"
    [row] = data.exemptions
    assert (row["exemption_id"], row["status_label"], row["days_left"], row["n_findings"]) == (
        ex, "生效中", 275, 1)
    page = render_html(data, datetime(2026, 3, 31, 6))
    assert governance_line(data) in page and "<h2>规则豁免(白名单)</h2>" in page
    assert "规则豁免(白名单)" in [title for _, title, _ in SECTIONS]


def test_report_without_governance_activity_says_zero(duck, settings):
    seed_city(duck)
    data = nightly_data(duck, settings, report_run(duck, settings, "run-1"))
    assert governance_line(data) == (
        "规则治理: 豁免疑点 0 条, 金额 0.00 元 (本次新增 0 条; 生效豁免 0 项, 其中将到期 0 项); "
        "试运行规则 0 条, 试运行疑点 0 条, 金额 0.00 元 (不立案); 命中率突变规则 0 条。")
    assert data.exemptions == []

"""``fundguard exempt`` through the CLI: Chinese output, table/json/csv, refusals, audit trail."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta

from typer.testing import CliRunner

from fundguard.cli.main import app
from fundguard.errors import GovernanceError

runner = CliRunner()
TODAY = datetime.now().date()


def _ok(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, (result.output, result.exception)
    return result.output


def _add(*scope: str, to_days: int = 90) -> str:
    return _ok("exempt", "add", "--rule", "price_over_cap", *scope, "--reason", "特需服务价格经省局批复",
               "--approver", "李科长", "--doc-no", "黑医保函〔2026〕12号",
               "--to", (TODAY + timedelta(days=to_days)).isoformat(), "--by", "zhangsan")


def test_add_list_show_revoke_in_chinese(exempt_db):
    out = _add("--institution", "H23030200001", "--staff", "D230302000001")
    ex_id = f"EX{TODAY:%Y%m%d}-001"
    assert out.startswith(f"已登记豁免 {ex_id}: 规则 price_over_cap")
    assert "范围 机构=H23030200001; 医务人员=D230302000001" in out
    table = _ok("exempt", "list")
    assert "规则豁免清单" in table and "生效" in table
    [row] = json.loads(_ok("exempt", "list", "--status", "生效中", "--format", "json"))
    assert (row["exemption_id"], row["n_findings"], row["amt_findings"]) == (ex_id, 1, "1200.00")
    assert (row["doc_no"], row["approver"], row["created_by"]) == ("黑医保函〔2026〕12号", "李科长", "zhangsan")
    [csv_row] = list(csv.DictReader(io.StringIO(_ok("exempt", "list", "--format", "csv"))))
    assert csv_row["status_label"] == "生效中" and csv_row["valid_from"] == TODAY.isoformat()
    revoked = _ok("exempt", "revoke", ex_id, "--reason", "批复已废止", "--by", "lisi")
    assert f"已撤销豁免 {ex_id}: 自 {TODAY} 起不再适用" in revoked
    shown = json.loads(_ok("exempt", "show", ex_id, "--format", "json"))
    assert [(e["action_label"], e["actor"], e["reason"]) for e in shown["审计记录"]] == [
        ("登记", "zhangsan", "特需服务价格经省局批复"), ("撤销", "lisi", "批复已废止")]
    assert shown["豁免的疑点"] == []  # the findings are dated today: no longer covered
    assert "审计记录" in _ok("exempt", "show", ex_id)
    assert json.loads(_ok("exempt", "list", "--status", "生效中", "--format", "json")) == []


def test_refusals_are_chinese_errors(exempt_db):
    too_wide = runner.invoke(app, ["exempt", "add", "--rule", "price_over_cap", "--reason", "x",
                                   "--approver", "李科长", "--doc-no", "1", "--to",
                                   TODAY.isoformat(), "--by", "zhangsan"])
    assert isinstance(too_wide.exception, GovernanceError) and "豁免范围过宽" in str(too_wide.exception)
    too_long = runner.invoke(app, ["exempt", "add", "--rule", "price_over_cap", "--institution",
                                   "H23030200001", "--reason", "x", "--approver", "李科长",
                                   "--doc-no", "1", "--to", (TODAY + timedelta(days=400)).isoformat(),
                                   "--by", "zhangsan"])
    assert "超过上限 12 个月" in str(too_long.exception)
    missing = runner.invoke(app, ["exempt", "show", "EX19990101-001"])
    assert type(missing.exception).__name__ == "NotFoundError" and "豁免不存在" in str(missing.exception)
    bad_status = runner.invoke(app, ["exempt", "list", "--status", "作废"])
    assert bad_status.exit_code != 0 and "生效中" in bad_status.output


def test_rules_report_shows_mode_exempt_counts_and_fire_rate(exempt_db):
    from fundguard.db.connection import connect
    from fundguard.governance.config import GovernanceConfig, ShadowEntry
    from fundguard.governance.drift import record_fire_rates
    from fundguard.governance.shadow import sync_rule_modes

    _add("--institution", "H23030200001", "--staff", "D230302000001")
    with connect(exempt_db) as con:
        for night, hits in enumerate([20, 21, 19, 20, 0]):
            con.execute("insert into rule_execution (run_id, rule_id, rule_version, outcome, n_hits,"
                        " n_input_rows, executed_at) values ($r, $rule, 1, 'hit', $n, 10000, $at)",
                        {"r": f"n{night}", "rule": "over_max_qty", "n": hits,
                         "at": datetime(2026, 3, 1 + night)})
            con.execute("insert into rule_execution (run_id, rule_id, rule_version, outcome, n_hits,"
                        " n_input_rows, executed_at) values ($r, 'price_over_cap', 1, 'hit', 2, 10000,"
                        " $at)", {"r": f"n{night}", "at": datetime(2026, 3, 1 + night)})
        cfg = GovernanceConfig(shadow_rules={"over_max_qty": ShadowEntry(reason="试运行")})
        sync_rule_modes(con, exempt_db.sql_dir, cfg, {"over_max_qty"}, "n4")
        record_fire_rates(con, exempt_db.sql_dir, "n4", GovernanceConfig().fire_rate)
    rows = {r["rule_id"]: r for r in json.loads(_ok("rules", "report", "--run", "n4", "--format", "json"))}
    assert (rows["over_max_qty"]["mode_label"], rows["over_max_qty"]["fire_rate_label"]) == (
        "试运行", "命中率突变(归零)")
    assert (rows["price_over_cap"]["mode_label"], rows["price_over_cap"]["n_exempt"]) == ("正式运行", 1)
    assert rows["price_over_cap"]["fire_rate_label"] == "正常"

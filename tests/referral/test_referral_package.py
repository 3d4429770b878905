"""A referral package from a real rule's finding: contents, hashes, tamper detection, reproduction."""

import json
from datetime import date, datetime

import openpyxl
import pytest
from tests.cases.factories import case_id_of, drive_case, over_cap_city, point_cli_at
from typer.testing import CliRunner

from fundguard.cli.main import app
from fundguard.db.connection import connect
from fundguard.errors import WorkflowError

runner = CliRunner()


@pytest.fixture
def referral_db(settings, monkeypatch):
    from fundguard.cases.build import build_cases
    from fundguard.cases.config import workflow_config
    from fundguard.cli.common import get_settings
    from fundguard.db.migrate import apply_migrations
    from fundguard.rules.catalog import load_rule
    from fundguard.rules.runner import RunRequest, run_rules

    point_cli_at(settings, monkeypatch)
    with connect(settings) as con:
        apply_migrations(con, settings.sql_dir)
        over_cap_city(con)
        rule = load_rule(settings.rules_dir / "policy_restriction" / "price_over_cap.yaml")
        run_rules(con, [rule], RunRequest("r1", date(2026, 3, 1), date(2026, 3, 31)), settings.sql_dir)
        assert con.execute("select count(*) from finding").fetchone() == (2,)
        build_cases(con, settings.sql_dir, workflow_config(settings.config_dir), "r1")
        cid = case_id_of(con, "H23030200001")
    yield settings, cid
    get_settings.cache_clear()


def _confirm(settings, cid):
    with connect(settings) as con:
        drive_case(con, settings.sql_dir, cid, "confirm_violation", datetime(2026, 4, 3))


def _invoke(*args):
    return runner.invoke(app, list(args))


def test_unconfirmed_case_is_not_referred(referral_db):
    _, cid = referral_db
    result = _invoke("referral", "build", cid, "--by", "zhangsan")
    assert isinstance(result.exception, WorkflowError) and "尚未确认" in str(result.exception)


def test_package_verifies_reproduces_and_detects_tampering(referral_db):
    settings, cid = referral_db
    _confirm(settings, cid)
    built = _invoke("referral", "build", cid, "--by", "zhangsan")
    assert built.exit_code == 0, (built.output, built.exception)
    assert "市场监管" in built.output
    folder = settings.exports_path / "referrals" / cid
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    assert {"移送清单.xlsx", "案件摘要.pdf", "evidence/findings.parquet", "snapshot/fee_line.parquet",
            "rules/policy_restriction/price_over_cap.sql"} <= set(manifest["files"])
    assert [e["action"] for e in manifest["history"]][-2:] == ["confirm_violation", "close"]
    assert any(m["name"] == "0040_cases.sql" for m in manifest["schema"])
    from fundguard.rules.catalog import load_rule

    spec = load_rule(settings.rules_dir / "policy_restriction" / "price_over_cap.yaml").spec
    assert manifest["rules"][0]["version"] == spec.version
    assert set(manifest["rules"][0]["params"]) == set(spec.params)
    assert manifest["rules"][0]["snapshot_scope"] == "case"
    pdf = (folder / "案件摘要.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and b"NotoSansCJKSC" in pdf  # Chinese drawn with the CJK face
    items = openpyxl.load_workbook(folder / "移送清单.xlsx")["疑点清单"]
    assert [c.value for c in items[1]][:3] == ["疑点编号", "规则编号", "规则版本"]
    assert "校验通过" in _invoke("referral", "verify", str(folder)).output

    reproduced = _invoke("referral", "reproduce", str(folder), "--format", "json")
    assert reproduced.exit_code == 0, (reproduced.output, reproduced.exception)
    rows = json.loads(reproduced.stdout)
    assert sorted(r["reproduced_amt"] for r in rows) == ["100.00", "200.00"]
    assert all(r["reproduced_zh"] == "是" for r in rows)

    (folder / "snapshot" / "fee_line.parquet").write_bytes(b"tampered")
    tampered = _invoke("referral", "verify", str(folder))
    assert tampered.exit_code == 2 and "内容被修改: snapshot/fee_line.parquet" in tampered.output
    assert _invoke("referral", "reproduce", str(folder)).exit_code == 2


def test_referral_to_an_agency_routing_does_not_allow_is_refused(referral_db):
    settings, cid = referral_db
    _confirm(settings, cid)
    result = _invoke("referral", "build", cid, "--by", "zhangsan", "--agency", "公安")
    assert isinstance(result.exception, WorkflowError) and "可移送: 市场监管" in str(result.exception)


def test_summary_text_has_glyphs_in_the_cjk_font():
    from fundguard.referral.pdf import missing_glyphs
    from fundguard.referral.routing import Route
    from fundguard.referral.summary import summary_sections

    case = {"case_id": "C1", "entity_type": "institution", "entity_id": "H1", "period": "2026-03",
            "behaviour_group": "政策限定类", "disposition": "确认欺诈", "measure": "移送",
            "legal_basis": "《医疗保障基金使用监督管理条例》第四十条", "amt_identified": 1, "amt_confirmed": 1,
            "amt_returned": None, "amt_fined": None}
    sections = summary_sections(case, Route("公安", "涉嫌欺诈骗保且金额达到数额较大标准"), [], [], [],
                                [{"rule_id": "r", "finding_ids": [], "status": "rule_missing"}])
    text = "".join(h + "".join(lines) for h, lines in sections)
    assert "移送部门: 公安" in text and missing_glyphs(text) == set()

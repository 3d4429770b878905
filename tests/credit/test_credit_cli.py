import json
from datetime import datetime

import openpyxl
from tests.cases.factories import case_id_of, drive_case
from typer.testing import CliRunner

from fundguard.cli.main import app
from fundguard.db.connection import connect

runner = CliRunner()


def _ok(*args):
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, (result.output, result.exception)
    return result.output


def _confirm_pharmacy_fraud(settings):
    with connect(settings) as con:
        drive_case(con, settings.sql_dir, case_id_of(con, "P23030300001"), "confirm_fraud",
                   datetime(2026, 4, 2), measure="移送")


def test_recompute_list_show_ledger_override(cli_db):
    _confirm_pharmacy_fraud(cli_db)
    assert "ledger_entries=2" in _ok("credit", "recompute", "--as-of", "2026-04-30")
    rows = json.loads(_ok("credit", "list", "--format", "json"))
    assert [(r["entity_id"], r["grade"]) for r in rows] == [("P23030300001", "E"), ("H23030200001", "A")]
    assert rows[0]["inspection_weight"] == 4.0
    shown = _ok("credit", "show", "P23030300001", "--format", "csv")
    assert "确认欺诈并移送" in shown and "最低等级期至 2028-04-02 届满" in shown
    ledger = json.loads(_ok("credit", "ledger", "P23030300001", "--format", "json"))
    assert sorted((e["kind"], e["points"]) for e in ledger) == [("扣分", -150), ("直接最低等级", 0)]
    _ok("credit", "override", "H23030200001", "--grade", "B", "--reason", "复议决定", "--by", "wangwu",
        "--as-of", "2026-04-30")
    after = {r["entity_id"]: r for r in json.loads(_ok("credit", "list", "--format", "json"))}
    assert (after["H23030200001"]["grade"], after["H23030200001"]["source"]) == ("B", "override")
    _ok("credit", "recompute", "--as-of", "2026-05-01")  # unchanged computation keeps the override
    after = {r["entity_id"]: r for r in json.loads(_ok("credit", "list", "--format", "json"))}
    assert after["H23030200001"]["source"] == "override"


def test_red_black_lists_export_reads_back(cli_db, tmp_path):
    _confirm_pharmacy_fraud(cli_db)
    _ok("credit", "recompute", "--as-of", "2026-04-30")
    out = tmp_path / "lists.xlsx"
    _ok("credit", "lists", "--out", str(out), "--as-of", "2026-04-30")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["红名单(机构)", "黑名单(机构)", "黑名单(医务人员)", "黑名单(参保人)"]
    red, black = wb["红名单(机构)"], wb["黑名单(机构)"]
    assert [c.value for c in red[1]][:4] == ["机构编码", "机构名称", "区县", "信用等级"]
    assert [c.value for c in red[2]][:4] == ["H23030200001", "鸡西市第一人民医院", "鸡冠区", "A"]
    assert [c.value for c in black[2]][:4] == ["P23030300001", "康民大药房", "恒山区", "E"]


def test_responsible_staff_on_institution_case_is_scored_and_suspended(cli_db):
    with connect(cli_db) as con:
        cid = case_id_of(con, "H23030200001")
    for action in ("submit", "notify", "appeal", "confirm_fraud"):
        _ok("cases", "decide", cid, "--action", action, "--reason", "测试", "--by", "lisi")
    _ok("cases", "decide", cid, "--action", "close", "--reason", "行政处罚", "--by", "lisi",
        "--measure", "行政处罚", "--responsible", "D230302000001")
    _ok("credit", "recompute")
    rows = json.loads(_ok("credit", "staff", "--format", "json"))
    assert rows == [{"psn_code": "D230302000001", "score_year": datetime.now().year, "points": 11,
                     "n_events": 1, "status_zh": "暂停"}]


def test_measures_list_in_force(cli_db):
    with connect(cli_db) as con:
        con.execute("insert into insured_measure values ('M1', 'P0002', '暂停联网结算', '2026-04-05',"
                    " '2027-01-04', 9, 'C1', '案件 C1 确认欺诈', now())")
    rows = json.loads(_ok("credit", "measures", "--as-of", "2026-05-01", "--format", "json"))
    assert [(r["psn_no"], r["months"]) for r in rows] == [("P0002", 9)]
    assert json.loads(_ok("credit", "measures", "--as-of", "2027-02-01", "--format", "json")) == []

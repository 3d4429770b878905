"""A scripted review session through the CLI: every statutory step, an appeal, a refusal."""

import json

import openpyxl
from typer.testing import CliRunner

from fundguard.cli.main import app
from fundguard.errors import WorkflowError

runner = CliRunner()


def _ok(*args):
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, (result.output, result.exception)
    return result.output


def _hospital_case():
    rows = json.loads(_ok("cases", "list", "--district", "鸡冠区", "--format", "json"))
    assert len(rows) == 1
    return rows[0]


def test_review_session_through_every_step(cli_db):
    case = _hospital_case()
    cid = case["case_id"]
    assert case["status"] == "初审" and case["amt_identified"] == "2400.00"
    _ok("cases", "assign", cid, "--to", "lisi", "--by", "zhangsan")
    steps = [
        ("submit", "疑点成立"), ("return", "需补充证据"), ("submit", "补充后成立"),
        ("notify", "已告知机构"), ("appeal", "机构申辩: 限价表未更新"),
        ("confirm_violation", "申辩不成立, 确认违规"),
    ]
    for action, reason in steps:
        _ok("cases", "decide", cid, "--action", action, "--reason", reason, "--by", "lisi")
    refused = runner.invoke(app, ["cases", "decide", cid, "--action", "submit", "--reason", "x",
                                  "--by", "lisi"])
    assert isinstance(refused.exception, WorkflowError)
    assert "不能执行" in str(refused.exception) and "处理" in str(refused.exception)
    _ok("cases", "decide", cid, "--action", "close", "--reason", "责令退回并罚款", "--by", "lisi",
        "--measure", "行政处罚", "--returned", "2400", "--fined", "2400", "--voluntary-return")
    shown = json.loads(_ok("cases", "show", cid, "--format", "json"))
    actions = [e["action"] for e in shown["处理记录"]]
    assert actions == ["open", "assign", "submit", "return", "submit", "notify", "appeal",
                       "confirm_violation", "close"]
    assert [e["to_state"] for e in shown["处理记录"]][-3:] == ["核查", "处理", "结案"]
    closed = _hospital_case()
    assert (closed["status"], closed["disposition"], closed["assignee"]) == ("结案", "确认违规", "lisi")
    assert closed["amt_confirmed"] == "2400.00"


def test_dismiss_requires_reason_and_unknown_case_is_not_found(cli_db):
    cid = _hospital_case()["case_id"]
    blank = runner.invoke(app, ["cases", "decide", cid, "--action", "dismiss", "--reason", " ",
                                "--by", "lisi"])
    assert isinstance(blank.exception, WorkflowError) and "理由" in str(blank.exception)
    missing = runner.invoke(app, ["cases", "show", "CNOPE"])
    assert type(missing.exception).__name__ == "NotFoundError"


def test_export_reads_back_with_chinese_headers(cli_db, tmp_path):
    cid = _hospital_case()["case_id"]
    out = tmp_path / "case.xlsx"
    _ok("cases", "export", "--case", cid, "--out", str(out))
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["案件清单", "疑点明细", "费用明细", "处理记录"]
    header = [c.value for c in wb["案件清单"][1]]
    assert header[:3] == ["案件编号", "主体类型", "主体编码"]
    row = {h: c.value for h, c in zip(header, wb["案件清单"][2], strict=True)}
    assert row["案件编号"] == cid and row["主体类型"] == "医疗机构" and row["发现金额(元)"] == 2400
    assert wb["案件清单"].cell(2, header.index("发现金额(元)") + 1).number_format == "0.00"
    assert wb["疑点明细"].max_row == 3
    queue = tmp_path / "queue.xlsx"
    _ok("cases", "export", "--queue", "恒山区/药店", "--out", str(queue))
    assert openpyxl.load_workbook(queue)["案件清单"].max_row == 2


def test_list_filters_and_csv(cli_db):
    out = _ok("cases", "list", "--rule", "price_over_cap", "--status", "初审", "--format", "csv")
    assert out.splitlines()[0].startswith("case_id,") and len(out.splitlines()) == 3
    assert len(_ok("cases", "list", "--assignee", "nobody", "--format", "csv").splitlines()) == 1


def test_show_prints_sections_without_names_or_diagnoses(cli_db):
    from fundguard.db.connection import connect

    cid = _hospital_case()["case_id"]
    with connect(cli_db) as con:
        con.execute("update finding set evidence = $e",
                    {"e": json.dumps({"pric": "12.00", "dise_codg": "C50.9", "psn_name": "张三"})})
    out = _ok("cases", "show", cid)
    for title in ("案件", "疑点 (规则与法律依据)", "费用明细", "处理记录"):
        assert title in out
    assert "C50.9" not in out and "张三" not in out
    shown = json.loads(_ok("cases", "show", cid, "--format", "json"))
    assert shown["疑点 (规则与法律依据)"][0]["evidence"] == {"pric": "12.00"}


def test_assign_by_queue_takes_only_unassigned_open_cases(cli_db):
    assert "已分派 1 件" in _ok("cases", "assign", "--queue", "恒山区/药店", "--to", "wangwu", "--by", "zhang")
    rows = json.loads(_ok("cases", "list", "--assignee", "wangwu", "--format", "json"))
    assert [r["queue"] for r in rows] == ["恒山区/药店"]
    again = runner.invoke(app, ["cases", "assign", "--queue", "恒山区/药店", "--to", "x", "--by", "zhang"])
    assert type(again.exception).__name__ == "NotFoundError"


def test_savings_lists_rules_with_precision(cli_db):
    cid = _hospital_case()["case_id"]
    _ok("cases", "decide", cid, "--action", "dismiss", "--reason", "限价表已更新, 不构成违规", "--by", "lisi")
    rows = json.loads(_ok("cases", "savings", "--format", "json"))
    assert rows == [{"source_type": "规则", "source_id": "price_over_cap", "n_cases": 2,
                     "amt_identified": "3600.00", "amt_confirmed": "0.00", "amt_recovered": "0.00",
                     "amt_fined": "0.00", "n_decided": 2, "n_confirmed": 0, "precision": 0.0}]

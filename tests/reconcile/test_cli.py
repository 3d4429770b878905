"""``fundguard reconcile`` (CliRunner) on a file database: Chinese table, JSON/CSV rows, summary,
and an XLSX export that reads back with Chinese headers."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from tests.reconcile.factories import debit, disburse, institution, paid, settle
from typer.testing import CliRunner

from fundguard.cli.reconcile_cmd import app

REPO = Path(__file__).resolve().parents[2]
runner = CliRunner()


@pytest.fixture
def project_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A migrated file database: H01 reconciles, H02 was paid 5 元 too much, H03 has no bank debit."""
    from fundguard.cli.common import get_settings
    from fundguard.db.connection import connect
    from fundguard.db.migrate import apply_migrations

    monkeypatch.setenv("FUNDGUARD_PROJECT_DIR", str(REPO))
    monkeypatch.setenv("FUNDGUARD_VAR_DIR", str(tmp_path / "var"))
    get_settings.cache_clear()
    settings = get_settings()
    with connect(settings) as con:
        apply_migrations(con, settings.sql_dir)
        for code in ("H01", "H02", "H03"):
            institution(con, code)
            settle(con, f"S{code}", code, "2025-01-10 09:00:00", "300.00")
        paid(con, "D1", "H01", "300.00")
        paid(con, "D2", "H02", "305.00")
        disburse(con, "D3", "H03", "300.00")
        debit(con, "BX", None, "12.00", on="2025-01-31")
    yield settings
    get_settings.cache_clear()


def test_run_table_has_chinese_headers_and_a_status_summary(project_db) -> None:
    result = runner.invoke(app, ["run", "--period", "2025-01"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    for text in ("基金拨付对账 结算期 2025-01", "机构编码", "结算基金支付额", "对账状态", "拨付多于结算",
                 "无银行流水", "银行流水无对应拨付", "对账状态汇总"):
        assert text in result.output


def test_run_json_and_csv_rows(project_db) -> None:
    out = runner.invoke(app, ["run", "--period", "2025-01", "--format", "json", "--issues-only"])
    assert out.exit_code == 0, out.output
    rows = json.loads(out.output)
    assert [(r["fixmedins_code"], r["status"]) for r in rows] == [
        ("H02", "拨付多于结算"), ("H03", "无银行流水"), (None, "银行流水无对应拨付")]
    assert rows[0]["diff_amt"] == "5.00" and rows[0]["fixmedins_name"] == "H02"
    out = runner.invoke(app, ["run", "--period", "2025-01", "--format", "csv"])
    table = list(csv.DictReader(io.StringIO(out.output)))
    assert [r["status"] for r in table] == ["一致", "拨付多于结算", "无银行流水", "银行流水无对应拨付"]


def test_summary_counts_per_status(project_db) -> None:
    out = runner.invoke(app, ["summary", "--period", "2025-01", "--format", "json"])
    counts = {r["status"]: r["n_units"] for r in json.loads(out.output)}
    assert counts["一致"] == counts["拨付多于结算"] == counts["无银行流水"] == counts["银行流水无对应拨付"] == 1
    assert sum(counts.values()) == 4


def test_export_reads_back_with_chinese_headers(project_db, tmp_path: Path) -> None:
    import openpyxl

    target = tmp_path / "对账" / "基金拨付对账_2025-01.xlsx"
    out = runner.invoke(app, ["export", "--period", "2025-01", "--out", str(target)])
    assert out.exit_code == 0, out.output
    assert "已导出" in out.output
    book = openpyxl.load_workbook(target, read_only=True)
    assert book.sheetnames == ["状态汇总", "对账明细", "拨付明细", "对账参数"]
    rows = list(book["对账明细"].iter_rows(values_only=True))
    header = rows[0]
    assert header[:5] == ("机构编码", "机构名称", "协议状态", "结算期", "清算类别") and "对账状态" in header
    by_code = {r[0]: dict(zip(header, r, strict=True)) for r in rows[1:]}
    assert by_code["H02"]["对账状态"] == "拨付多于结算" and by_code["H02"]["差额(拨付-结算)"] == 5.0
    summary = dict(list(book["状态汇总"].iter_rows(values_only=True))[1:][i][:2] for i in range(10))
    assert summary["拨付多于结算"] == 1
    assert list(book["拨付明细"].iter_rows(values_only=True))[0][0] == "拨付单号"


def test_bad_period_and_date_are_refused(project_db) -> None:
    out = runner.invoke(app, ["run", "--period", "2025-13"])
    assert out.exit_code != 0 and "YYYY-MM" in str(out.exception or out.output)
    out = runner.invoke(app, ["run", "--period", "2025-01", "--as-of", "2025/01/31"])
    assert out.exit_code != 0 and "YYYY-MM-DD" in out.output

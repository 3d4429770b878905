"""The ingest, quarantine and data commands through the CLI boundary (``fundguard.cli.main.main``)."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BASE = REPO / "tests" / "fixtures" / "bad_inputs" / "inbox"


def _cli(monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    from fundguard.cli.common import get_settings
    from fundguard.cli.main import main

    get_settings.cache_clear()
    monkeypatch.setattr(sys, "argv", ["fundguard", *args])
    code = 0
    try:
        main()
    except SystemExit as exc:
        code = int(exc.code or 0)
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def cli_env(monkeypatch, tmp_path):
    monkeypatch.setenv("FUNDGUARD_PROJECT_DIR", str(REPO))
    monkeypatch.setenv("FUNDGUARD_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("FUNDGUARD_QUALITY__MAX_BLOCKING_SHARE", "1.0")
    inbox = tmp_path / "inbox"
    for rel in ("institution/base.csv", "insured/base.csv", "insured/bad_checksum.csv",
                "misc/unknown_export.csv"):
        (inbox / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(BASE / rel, inbox / rel)
    return inbox


def test_ingest_then_inspect_quarantine_and_quality(monkeypatch, capsys, cli_env):
    code, out, err = _cli(monkeypatch, capsys, "ingest", str(cli_env), "--format", "json")
    files = {f["rel_path"]: f for f in json.loads(out)}
    assert code == 3 and err.startswith("错误: 1 个文件无法入库") and "misc/unknown_export.csv" in err
    assert files["insured/bad_checksum.csv"]["rows_quarantined"] == 1
    assert files["institution/base.csv"]["status"] == "已入库"

    code, out, _ = _cli(monkeypatch, capsys, "quarantine", "list", "--file", "insured", "--format", "json")
    rows = json.loads(out)
    assert code == 0 and [r["check_name"] for r in rows] == ["insured.certno.checksum"]
    assert rows[0]["severity_zh"] == "阻断" and "raw_record" not in rows[0]
    assert "110105194912310021" not in out

    code, out, _ = _cli(monkeypatch, capsys, "quarantine", "list", "--format", "csv", "--limit", "1")
    assert code == 0 and out.splitlines()[0].startswith("batch_id,file_path,source_row")

    code, out, _ = _cli(monkeypatch, capsys, "data", "quality")
    assert code == 0 and Path(out.strip()).is_file() and out.strip().endswith(".html")

    code, out, _ = _cli(monkeypatch, capsys, "ingest", str(cli_env), "--format", "json")
    assert code == 3 and all(f["status"] != "已入库" for f in json.loads(out))  # re-delivery is a no-op


def test_data_dictionary_lists_national_fields(monkeypatch, capsys, cli_env, tmp_path):
    code, out, _ = _cli(monkeypatch, capsys, "data", "dictionary", "--format", "json")
    entries = json.loads(out)
    assert code == 0 and {"table": "fee_line", "column": "det_item_fee_sumamt"}.items() <= next(
        e for e in entries if e["column"] == "det_item_fee_sumamt").items()
    target = tmp_path / "dd.md"
    code, _, _ = _cli(monkeypatch, capsys, "data", "dictionary", "--out", str(target))
    assert code == 0 and target.read_text(encoding="utf-8").startswith("# 数据字典")


def test_quality_without_database_is_a_clear_error(monkeypatch, capsys, cli_env):
    code, _, err = _cli(monkeypatch, capsys, "data", "quality")
    assert code == 7 and err.startswith("错误: 数据库尚未建立")

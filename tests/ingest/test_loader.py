"""The bad-input corpus through the real loader (real files, real DuckDB file, real GX)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest

from fundguard.errors import DataValidationError
from fundguard.ingest.loader import ingest_inbox
from fundguard.settings import QualitySettings, Settings

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "tests" / "fixtures" / "bad_inputs"
EXPECTED: dict[str, dict] = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory: pytest.TempPathFactory):
    """The whole corpus ingested once as one batch (share limit off, so nothing is rejected)."""
    var = tmp_path_factory.mktemp("corpus")
    settings = Settings(project_dir=REPO, var_dir=var, quality=QualitySettings(max_blocking_share=1.0))
    report = ingest_inbox(settings, CORPUS / "inbox", run_id="test-run")
    return settings, report


def _db(settings: Settings) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(settings.db_path), read_only=True)


def test_corpus_has_at_least_twenty_kinds_of_bad_input():
    kinds = {e["kind"] for e in EXPECTED.values()} - {"基础数据", "业务违规 (须入库)"}
    assert len(kinds) >= 20


def test_skipped_files_are_not_ingested(corpus_run):
    _, report = corpus_run
    paths = {f.rel_path for f in report.files}
    assert paths == set(EXPECTED)  # labels/, *.md, RUN_DATE never appear


@pytest.mark.parametrize("rel", sorted(EXPECTED))
def test_each_file_yields_its_outcome(corpus_run, rel):
    settings, report = corpus_run
    expected = EXPECTED[rel]
    f = next(f for f in report.files if f.rel_path == rel)
    with _db(settings) as con:
        found = con.execute("select check_name, severity, source_row, reason_zh from quarantine"
                            " where batch_id = $b and file_path = $p", {"b": report.batch_id, "p": rel}).fetchall()
    checks = {(c, s) for c, s, _, _ in found}
    outcome = expected["outcome"]
    if outcome == "file_error":
        assert f.status == "error" and expected["message"] in f.message
        assert any(r is None and expected["message"] in reason for _, _, r, reason in found)
    elif outcome == "quarantine":
        assert (expected["check"], "blocking") in checks and f.rows_quarantined >= 1
        if "source_row" in expected:
            assert expected["source_row"] in {r for c, _, r, _ in found if c == expected["check"]}
    elif outcome == "warning":
        assert (expected["check"], "warning") in checks
        assert f.rows_loaded == expected["rows"]
    else:
        assert f.status == "loaded" and f.rows_quarantined == 0 and f.rows_loaded == expected["rows"]
    if "encoding" in expected:
        assert f.encoding == expected["encoding"]


@pytest.mark.parametrize("rel", sorted(EXPECTED))
def test_rows_read_equal_loaded_plus_quarantined_in_the_database(corpus_run, rel):
    settings, report = corpus_run
    f = next(f for f in report.files if f.rel_path == rel)
    assert f.rows_read == EXPECTED[rel]["rows"]
    table = f.target
    with _db(settings) as con:
        loaded = 0
        if table and f.status == "loaded":
            for t in (table, f"{table}_history"):  # identifiers from the profile's target (allow-listed)
                loaded += con.execute(f"select count(*) from {t} where _source_file = $p and _batch_id = $b",
                                      {"p": rel, "b": report.batch_id}).fetchall()[0][0]
        quarantined = con.execute(
            "select count(distinct source_row) from quarantine where batch_id = $b and file_path = $p"
            " and severity = 'blocking' and source_row is not null", {"b": report.batch_id, "p": rel},
        ).fetchall()[0][0]
        manifest = con.execute("select rows_read, rows_loaded, rows_quarantined from ingest_manifest"
                               " where file_path = $p", {"p": rel}).fetchall()
    assert (loaded, quarantined) == (f.rows_loaded, f.rows_quarantined)
    assert f.rows_read == loaded + quarantined
    if f.status == "loaded":
        assert manifest == [(f.rows_read, f.rows_loaded, f.rows_quarantined)]
    else:
        assert manifest == []  # an unusable file is retried when re-delivered


def test_business_violations_load(corpus_run):
    settings, _ = corpus_run
    with _db(settings) as con:
        rows = con.execute("select setl_id from settlement where setl_id in ('S10', 'S11') order by 1").fetchall()
        lines = con.execute("select pric from fee_line where setl_id = 'S10'").fetchall()
    assert rows == [("S10",), ("S11",)]
    assert [str(p) for (p,) in lines] == ["9999.0000"]


def test_id_numbers_are_stored_only_masked_and_hashed(corpus_run):
    settings, _ = corpus_run
    with _db(settings) as con:
        masked, digest = con.execute("select certno_masked, certno_hash from insured where psn_no = 'P001'"
                                     ).fetchall()[0]
        raw = con.execute("select string_agg(coalesce(raw_record, ''), '') from quarantine").fetchall()[0][0]
    assert masked == "110105********002X" and len(digest) == 64
    assert "11010519491231002X" not in (raw or "") and "110105194912310021" not in (raw or "")
    assert "11010519491231002X" not in settings.db_path.read_bytes().decode("latin-1")


def test_touched_range_covers_new_settlements(corpus_run):
    _, report = corpus_run
    assert report.touched_from.isoformat() == "2026-01-05"
    assert report.touched_to.isoformat() == "2026-01-12"
    assert report.counts()["touched_to"] == "2026-01-12"


def test_same_inbox_twice_changes_nothing(corpus_run):
    settings, _ = corpus_run
    tables = ("settlement", "fee_line", "insured", "quarantine", "ingest_manifest", "settlement_history")

    def snapshot() -> dict[str, list]:
        with _db(settings) as con:
            return {t: sorted(map(str, con.execute(f"select * from {t}").fetchall())) for t in tables}

    before = snapshot()
    again = ingest_inbox(settings, CORPUS / "inbox")
    after = snapshot()
    loaded = [f for f in again.files if f.status == "loaded"]
    assert loaded == [] and again.rows_loaded == 0
    # unusable files are retried (and re-reported) each time; nothing else changes
    assert {k: v for k, v in after.items() if k != "quarantine"} == {
        k: v for k, v in before.items() if k != "quarantine"}


def _write_inbox(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def _reference_inbox(root: Path) -> Path:
    for rel in ("institution/base.csv", "insured/base.csv"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(CORPUS / "inbox" / rel, root / rel)
    return root


HEAD = ("setl_id,mdtrt_id,psn_no,fixmedins_code,insutype,med_type,begntime,medfee_sumamt,fund_pay_sumamt,"
        "psn_part_amt,setl_time,upload_time,_rec_version")


def _setl(setl: str, total: str, version: int) -> str:
    return (f"{setl},M{setl},P001,H23010200001,310,11,2026-02-01 08:00:00,{total},0.00,{total},"
            f"2026-02-01 09:00:00,2026-02-01 10:00:00,{version}")


def test_correction_replaces_and_keeps_history(settings, tmp_path):
    inbox = _reference_inbox(tmp_path / "inbox")
    _write_inbox(inbox, {"settlement/d1.csv": f"{HEAD}\n{_setl('C1', '10.00', 1)}\n{_setl('C2', '20.00', 1)}\n"})
    first = ingest_inbox(settings, inbox)
    _write_inbox(inbox, {"settlement/d1_fix.csv": f"{HEAD}\n{_setl('C1', '12.50', 2)}\n{_setl('C2', '20.00', 1)}\n"})
    second = ingest_inbox(settings, inbox)
    fix = next(f for f in second.files if f.rel_path == "settlement/d1_fix.csv")
    assert (fix.rows_read, fix.rows_loaded, fix.rows_quarantined, fix.rows_superseded) == (2, 1, 1, 1)
    with _db(settings) as con:
        current = con.execute("select medfee_sumamt, _rec_version, _batch_id from settlement"
                              " where setl_id = 'C1'").fetchall()
        history = con.execute("select medfee_sumamt, _rec_version, _batch_id, _superseded_by,"
                              " _superseded_at is not null from settlement_history where setl_id = 'C1'").fetchall()
        reason = con.execute("select reason_zh from quarantine where check_name = 'settlement.duplicate'"
                             ).fetchall()
    assert [(str(a), v, b) for a, v, b in current] == [("12.50", 2, second.batch_id)]
    assert [(str(a), v, b, s, t) for a, v, b, s, t in history] == [
        ("10.00", 1, first.batch_id, second.batch_id, True)]
    assert "settlement/d1.csv" in reason[0][0] and "第 3 行" in reason[0][0]


def test_blocking_share_over_limit_stops_the_batch(settings, tmp_path):
    inbox = _reference_inbox(tmp_path / "inbox")
    bad = "\n".join(_setl(f"X{i}", "abc" if i < 3 else "1.00", 1) for i in range(10))
    _write_inbox(inbox, {"settlement/bad.csv": f"{HEAD}\n{bad}\n"})
    with pytest.raises(DataValidationError, match="数据质量闸门拦截") as info:
        ingest_inbox(settings, inbox)
    assert "settlement/bad.csv: 3/10" in info.value.message
    with _db(settings) as con:
        assert con.execute("select count(*) from institution").fetchall()[0][0] == 0
        assert con.execute("select count(*) from ingest_manifest").fetchall()[0][0] == 0
        status = con.execute("select status, rows_quarantined from ingest_batch").fetchall()
        held = con.execute("select count(*) from quarantine where severity = 'blocking'").fetchall()[0][0]
    assert status == [("rejected", 3)] and held >= 3
    assert info.value.location and Path(info.value.location).is_file()


def test_failure_inside_the_transaction_rolls_back_and_is_recorded(settings, tmp_path, monkeypatch):
    from fundguard.ingest.loader import PAUSE_ENV

    inbox = _reference_inbox(tmp_path / "inbox")
    monkeypatch.setenv(PAUSE_ENV, "not-a-number")  # the test hook fails inside the open transaction
    with pytest.raises(ValueError):
        ingest_inbox(settings, inbox)
    with _db(settings) as con:
        assert con.execute("select count(*) from institution").fetchall()[0][0] == 0
        assert con.execute("select count(*) from quarantine").fetchall()[0][0] == 0
        assert con.execute("select status, rows_loaded from ingest_batch").fetchall() == [("failed", 0)]
    monkeypatch.delenv(PAUSE_ENV)
    assert ingest_inbox(settings, inbox).rows_loaded == 5

"""Staging many files at a time: typed Parquet casts, per-file counts, raw records of quarantined rows."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from decimal import Decimal
from pathlib import Path

import duckdb
import polars as pl

from fundguard.db.connection import memory_connection
from fundguard.db.migrate import apply_migrations
from fundguard.ingest import staging
from fundguard.ingest.casting import cast_frame
from fundguard.ingest.loader import ingest_inbox
from fundguard.ingest.profiles import SourceProfile, load_profiles
from fundguard.ingest.readers import read_source
from fundguard.ingest.report import FileReport
from fundguard.ingest.stager import Stager
from fundguard.ingest.tables import accepted_source_targets, data_columns
from fundguard.settings import QualitySettings, Settings

REPO = Path(__file__).resolve().parents[2]
SQL = REPO / "sql"
CORPUS = REPO / "tests" / "fixtures" / "bad_inputs" / "inbox"
FEE = SourceProfile(id="p", target="fee_line", match=["*"], format="parquet", rec_version="_rec_version")


def _typed_fee_lines() -> pl.DataFrame:
    d = pl.Decimal
    return pl.DataFrame({
        "setl_id": ["S1", " S2 ", "", None],
        "feedetl_sn": ["1", "2", "3", "4"],
        "mdtrt_id": ["M1"] * 4, "psn_no": ["P1"] * 4, "fixmedins_code": ["H1"] * 4, "med_list_codg": ["X1"] * 4,
        "fee_ocur_time": pl.Series([dt.datetime(2026, 1, 2, 10, 30), None, dt.datetime(2200, 1, 1),
                                    dt.datetime(2026, 1, 2, 10, 30, 0, 123456)], dtype=pl.Datetime("us")),
        "pric": pl.Series([Decimal("1.5000"), Decimal("2.1234"), None, Decimal("0")], dtype=d(18, 4)),
        "cnt": pl.Series([2, 3, None, -1], dtype=pl.Int32),
        "det_item_fee_sumamt": pl.Series([Decimal("3.001"), Decimal("3.000"), Decimal("1.10"), None],
                                         dtype=d(10, 3)),
        "prd_days": pl.Series([7, None, 0, 3], dtype=pl.UInt8),
        "_rec_version": pl.Series([1, 2, None, 1], dtype=pl.Int64),
    })


def test_typed_parquet_columns_cast_exactly_as_their_text(tmp_path):
    # Typed columns that always fit are cast directly, the rest through their text: both must give the
    # values and bad-type flags of reading every column as text.
    path = tmp_path / "f.parquet"
    frame = _typed_fee_lines()
    for dtype in (pl.Datetime("ns"), pl.Datetime("us"), pl.Datetime("ms"), pl.Date):
        frame = frame.with_columns(pl.col("fee_ocur_time").cast(dtype).alias("fee_ocur_time"))
        frame.write_parquet(path)
        cols, targets = data_columns(SQL, "fee_line"), accepted_source_targets(SQL, "fee_line")
        typed = read_source(path, FEE, set(), keep_types=True).frame
        text = read_source(path, FEE, set()).frame
        assert typed.schema["pric"] == pl.Decimal(18, 4) and text.schema["pric"] == pl.String
        got = cast_frame(typed, FEE, cols, targets, "f").frame
        want = cast_frame(text, FEE, cols, targets, "f").frame
        assert got.equals(want), (dtype, got.to_dicts(), want.to_dicts())
    assert got["_badtype__det_item_fee_sumamt"].to_list() == [True, False, False, False]
    assert got["det_item_fee_sumamt"].to_list() == [None, Decimal("3.00"), Decimal("1.10"), None]


def _inbox(root: Path) -> Path:
    for rel in ("institution/base.csv", "insured/base.csv", "staff/base.csv", "catalog_item/base.csv"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(CORPUS / rel, root / rel)
    head = ("setl_id,mdtrt_id,psn_no,fixmedins_code,insutype,med_type,begntime,medfee_sumamt,fund_pay_sumamt,"
            "psn_part_amt,setl_time,upload_time")
    rows = {"a": ["A1", "A2"], "b": ["B1", "B2", "B3"], "c": ["C1"]}
    for name, ids in rows.items():
        lines = [f"{i},M{i},P001,H23010200001,310,11,2026-02-01 08:00:00,10.00,0.00,10.00,"
                 f"2026-02-01 09:00:00,2026-02-01 10:00:00" for i in ids]
        if name == "b":  # discharge-independent blocking failure in the middle of the file
            lines[1] = lines[1].replace("310,11", "310,99")
        (root / "settlement" / f"{name}.csv").parent.mkdir(parents=True, exist_ok=True)
        (root / "settlement" / f"{name}.csv").write_text("\n".join([head, *lines]) + "\n", encoding="utf-8")
    pl.DataFrame({
        "setl_id": ["A1", "A1", "B1"], "feedetl_sn": ["1", "2", "1"], "mdtrt_id": ["MA1", "MA1", "MB1"],
        "psn_no": ["P001"] * 3, "fixmedins_code": ["H23010200001"] * 3,
        "med_list_codg": ["003401000230600"] * 3,
        "fee_ocur_time": [dt.datetime(2026, 2, 1, 8, 30)] * 3,
        "pric": pl.Series([Decimal("2.50"), Decimal("2.50"), Decimal("10.00")], dtype=pl.Decimal(18, 4)),
        "cnt": pl.Series([Decimal("2"), Decimal("2"), Decimal("1")], dtype=pl.Decimal(18, 4)),
        "det_item_fee_sumamt": pl.Series([Decimal("5.00"), Decimal("9.99"), Decimal("10.00")],
                                         dtype=pl.Decimal(18, 2)),
    }).write_parquet((root / "fee_line").mkdir(parents=True) or root / "fee_line" / "d.parquet")
    return root


def test_files_staged_together_keep_their_own_counts_rows_and_raw_records(tmp_path):
    settings = Settings(project_dir=REPO, var_dir=tmp_path / "var", quality=QualitySettings(max_blocking_share=1.0))
    report = ingest_inbox(settings, _inbox(tmp_path / "inbox"))
    by_file = {f.rel_path: (f.rows_read, f.rows_loaded, f.rows_quarantined) for f in report.files}
    assert by_file["settlement/a.csv"] == (2, 2, 0)
    assert by_file["settlement/b.csv"] == (3, 2, 1)
    assert by_file["settlement/c.csv"] == (1, 1, 0)
    assert by_file["fee_line/d.parquet"] == (3, 2, 1)
    with duckdb.connect(str(settings.db_path), read_only=True) as con:
        rows = con.execute("select file_path, source_row, check_name, raw_record from quarantine"
                           " where severity = 'blocking' order by file_path").fetchall()
    assert [(f, r, c) for f, r, c, _ in rows] == [
        ("fee_line/d.parquet", 2, "fee_line.amount_equals_price_x_qty"),
        ("settlement/b.csv", 3, "settlement.med_type.code")]
    parquet_raw, csv_raw = (json.loads(raw) for *_, raw in rows)
    assert parquet_raw["det_item_fee_sumamt"] == "9.99" and parquet_raw["feedetl_sn"] == "2"
    assert csv_raw["setl_id"] == "B2" and csv_raw["med_type"] == "99"


def test_raw_records_come_from_the_staged_rows_and_skip_a_changed_file(tmp_path):
    con = memory_connection()
    apply_migrations(con, SQL)
    staging.create_stage_tables(con, SQL)
    profiles = load_profiles(REPO / "config" / "profiles", SQL)
    path = tmp_path / "insured" / "base.csv"
    path.parent.mkdir()
    shutil.copy(CORPUS / "insured" / "base.csv", path)
    stager = Stager(con, SQL, profiles, set(), flush_rows=1)
    report = FileReport(idx=0, rel_path="insured/base.csv")
    stager.add(report, path)
    stager.flush()
    con.execute("insert into stage_quarantine (_file_idx, source_row, check_name, severity, reason_zh)"
                " values (0, 2, 'x', 'blocking', 'r')")
    stager.fill_raw_records()
    raw = json.loads(con.execute("select raw_record from stage_quarantine").fetchall()[0][0])
    assert raw["psn_no"] == "P001" and raw["certno"] == "***"
    con.execute("update stage_quarantine set raw_record = null")
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    stager.fill_raw_records()
    assert con.execute("select raw_record from stage_quarantine").fetchall() == [(None,)]

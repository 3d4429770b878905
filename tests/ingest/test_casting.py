from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import duckdb
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fundguard.errors import InputDataError
from fundguard.ingest.casting import cast_frame
from fundguard.ingest.profiles import SourceProfile
from fundguard.ingest.readers import read_source
from fundguard.ingest.tables import accepted_source_targets, data_columns

SQL = Path(__file__).resolve().parents[2] / "sql"
FEE = SourceProfile(id="p", target="fee_line", match=["*"], format="csv", columns={"单价": "pric"},
                    datetime_formats={"fee_ocur_time": ["%Y年%m月%d日 %H:%M"]}, rec_version="ver")
HEAD = ["setl_id", "feedetl_sn", "mdtrt_id", "psn_no", "fixmedins_code", "med_list_codg", "fee_ocur_time",
        "单价", "cnt", "det_item_fee_sumamt"]


def _cast(rows: list[list[str]], profile: SourceProfile = FEE, head: list[str] = HEAD) -> pl.DataFrame:
    raw = pl.DataFrame([dict(zip(head, r, strict=True)) for r in rows]).with_row_index("_source_row", 2)
    raw = raw.with_columns(pl.col("_source_row").cast(pl.Int64))
    return cast_frame(raw, profile, data_columns(SQL, profile.target),
                      accepted_source_targets(SQL, profile.target), "f").frame


def _row(pric="1.50", cnt="2", amt="3.00", time="2026年01月02日 10:30") -> list[str]:
    return ["S1", "1", "M1", "P1", "H1", "X1", time, pric, cnt, amt]


def test_values_are_cast_exactly_or_flagged():
    out = _cast([_row(), _row(pric="1.23456"), _row(amt="1,234.50"), _row(cnt="两个"), _row(time="昨天"),
                 _row(amt="12.300000")])
    assert out["pric"].to_list()[:2] == [Decimal("1.5"), None]
    assert out["_badtype__pric"].to_list() == [False, True, False, False, False, False]
    assert out["det_item_fee_sumamt"].to_list()[2] == Decimal("1234.50")
    assert out["_badtype__cnt"].to_list()[3] and out["_badtype__fee_ocur_time"].to_list()[4]
    assert out["fee_ocur_time"].to_list()[0] == dt.datetime(2026, 1, 2, 10, 30)
    assert out["det_item_fee_sumamt"].to_list()[5] == Decimal("12.30")
    assert out["_rec_version"].to_list() == [1] * 6


def test_missing_required_column_is_a_clear_error():
    head = [h for h in HEAD if h != "cnt"]
    with pytest.raises(InputDataError, match="缺少 fee_line 表的必需列: cnt"):
        _cast([[v for h, v in zip(HEAD, _row(), strict=True) if h != "cnt"]], head=head)


def test_raw_record_hides_personal_fields():
    profile = SourceProfile(id="p", target="insured", match=["*"], format="csv")
    head = ["psn_no", "certno", "psn_name", "gend", "brdy", "insutype", "admdvs", "备注"]
    out = _cast([["P1", "11010519491231002X", "张三", "1", "1949-12-31", "310", "230102",
                  "电话 110105194912310021"]], profile, head)
    raw = out["_raw"][0]
    assert "张三" not in raw and "11010519491231002X" not in raw and "110105********0021" in raw


@settings(max_examples=40, deadline=None)
@given(st.lists(st.decimals(min_value=Decimal("-9999999999.99"), max_value=Decimal("9999999999.99"),
                            places=2, allow_nan=False, allow_infinity=False), min_size=1, max_size=20))
def test_decimal_amounts_round_trip_csv_to_duckdb_exactly(tmp_path_factory, amounts):
    path = tmp_path_factory.mktemp("dec") / "f.csv"
    lines = [",".join(HEAD)] + [",".join(_row(amt=str(a))) for a in amounts]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    raw = read_source(path, FEE, set(HEAD))
    frame = cast_frame(raw.frame, FEE, data_columns(SQL, "fee_line"), accepted_source_targets(SQL, "fee_line"),
                       "f").frame.select("det_item_fee_sumamt")
    con = duckdb.connect()
    con.execute("create table t (amt decimal(18, 2))")
    con.register("f", frame.to_arrow())
    con.execute("insert into t select det_item_fee_sumamt from f")
    assert [a for (a,) in con.execute("select amt from t").fetchall()] == amounts
    con.close()

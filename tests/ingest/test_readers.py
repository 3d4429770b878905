from __future__ import annotations

import polars as pl
import pytest

from fundguard.errors import InputDataError
from fundguard.ingest.profiles import SourceProfile
from fundguard.ingest.readers import header_index, read_source

CSV = SourceProfile(id="p", target="institution", match=["*"], format="auto")


def test_csv_rows_are_numbered_as_a_person_sees_them(tmp_path):
    path = tmp_path / "f.csv"
    path.write_bytes("导出标题\n\n编码,名称,级别\nH1,甲,3\n\nH2,乙\nH3,丙,2,多余\nH4,丁,1\n".encode("gbk"))
    raw = read_source(path, CSV, {"编码", "名称"})
    assert raw.encoding == "gbk" and raw.header_row == 3
    assert raw.frame.select("编码", "_source_row").rows() == [("H1", 4), ("H4", 8)]
    assert [(row, text) for row, _, text in raw.bad_rows] == [(6, "H2,乙"), (7, "H3,丙,2,多余")]
    assert "少于" in raw.bad_rows[0][1] and "多于" in raw.bad_rows[1][1]


def test_xlsx_header_found_under_merged_title_rows(tmp_path):
    import xlsxwriter

    path = tmp_path / "f.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet()
    ws.merge_range("A2:C2", "某市定点机构名单")
    ws.write_row(3, 0, ["编码", "名称", "床位"])
    ws.write_row(4, 0, ["H1", "甲", 120])
    ws.write_row(6, 0, ["H2", "乙", 80.5])
    wb.close()
    raw = read_source(path, CSV, {"编码"})
    assert raw.header_row == 4
    assert raw.frame.rows() == [("H1", "甲", "120", 5), ("H2", "乙", "80.5", 7)]


def test_parquet_is_read_as_strings_numbered_by_record(tmp_path):
    path = tmp_path / "f.parquet"
    pl.DataFrame({"a": [1.5, 2.0], "b": ["x", None]}).write_parquet(path)
    raw = read_source(path, CSV, set())
    assert raw.frame.schema["a"] == pl.String
    assert raw.frame.rows() == [("1.5", "x", 1), ("2.0", None, 2)]


@pytest.mark.parametrize(("name", "data", "message"), [
    ("empty.csv", b"", "文件为空"),
    ("blank.csv", b"\n\n", "文件为空"),
    ("broken.parquet", b"PAR1 not really", "Parquet"),
    ("broken.xlsx", b"PK\x03\x04 nope", "Excel"),
])
def test_unreadable_files_raise_clear_errors(tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputDataError, match=message):
        read_source(path, CSV, set())


def test_header_index_prefers_known_names_then_widest_row():
    rows = [["标题", "", ""], ["a", "b", "c"], ["编码", "名称", ""]]
    assert header_index(rows, {"编码", "名称"}, "auto") == 2
    assert header_index(rows, set(), "auto") == 1
    assert header_index(rows, set(), 1) == 0

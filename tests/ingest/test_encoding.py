from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fundguard.errors import InputDataError
from fundguard.ingest.encoding import decode_text

TEXT = "编号,姓名,险种\n1,张三,职工\n2,李四,居民\n"


@pytest.mark.parametrize(("data", "name"), [
    (TEXT.encode("utf-8"), "utf-8"),
    (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
    (TEXT.encode("gbk"), "gbk"),
    ("编号,名称\n1,䶮\n".encode("gb18030"), "gb18030"),
])
def test_encodings_are_detected_and_decoded_exactly(data, name):
    text, found = decode_text(data, "auto", "f.csv")
    assert found == name
    assert text.lstrip("\ufeff") == data.decode(name).lstrip("\ufeff")


def test_mixed_encodings_are_refused_with_line_numbers():
    data = TEXT.encode("utf-8") + "3,王五,职工\n".encode("gbk")
    with pytest.raises(InputDataError, match="编码混杂: 第 1, 2, 3 行为 UTF-8, 第 4 行不是 UTF-8"):
        decode_text(data, "auto", "f.csv")


def test_declared_encoding_mismatch_names_the_line():
    with pytest.raises(InputDataError, match="第 2 行"):
        decode_text(b"id,name\n" + "1,张三\n".encode("gbk"), "utf-8", "f.csv")


def test_undecodable_bytes_are_refused():
    with pytest.raises(InputDataError, match="无法识别文件编码"):
        decode_text(b"a,b\n\x81\x20\xff\xff\n", "auto", "f.csv")


cjk = st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1, max_size=30)


@settings(max_examples=60, deadline=None)
@given(st.lists(cjk, min_size=1, max_size=8))
def test_gbk_text_round_trips(values):
    text = "名称\n" + "\n".join(values) + "\n"
    try:
        data = text.encode("gbk")
    except UnicodeEncodeError:
        data = text.encode("gb18030")
    decoded, _ = decode_text(data, "auto", "f.csv")
    assert decoded == text

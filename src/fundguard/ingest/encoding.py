"""Text encoding of CSV exports: UTF-8 (with or without BOM), GBK, GB18030.

A strict-decode cascade, never a lossy one.  When UTF-8 fails, each line is classified (vectorised in
DuckDB) so that a file mixing UTF-8 Chinese lines with GBK lines is refused with line numbers instead
of being decoded into mojibake.
"""

from __future__ import annotations

import codecs

import duckdb
import pyarrow as pa

from fundguard.errors import InputDataError

_BOMS = {codecs.BOM_UTF8: "utf-8-sig"}


def _utf8_chinese_lines(data: bytes) -> tuple[list[int], list[int]]:
    """(1-based numbers of lines that are UTF-8 Chinese, of lines that are not valid UTF-8), ≤5 each.

    A GBK line read as UTF-8 is almost never valid, and when it is, it decodes to Latin/Greek/Cyrillic
    letters (U+0080-U+07FF), not to CJK ideographs: that tells real UTF-8 lines apart.
    """
    lines = pa.table({"b": pa.array(data.split(b"\n"), pa.binary())})
    con = duckdb.connect(":memory:")
    try:
        con.register("lines", lines)
        rows = con.execute(
            "with t as (select row_number() over () as n, try(decode(b)) as s, b from lines),"
            " c as (select n, s is null as invalid,"
            "  s is not null and regexp_matches(s, '[\u4e00-\u9fff]')"
            "  and not regexp_matches(s, '[\u0080-\u07ff]') as utf8_cjk from t)"
            " select (select list(n order by n) from (select n from c where utf8_cjk order by n limit 5)),"
            "        (select list(n order by n) from (select n from c where invalid order by n limit 5))"
        ).fetchall()[0]
    finally:
        con.close()
    assert rows is not None
    return list(rows[0] or []), list(rows[1] or [])


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def decode_text(data: bytes, declared: str, location: str) -> tuple[str, str]:
    """(text, encoding name) of a CSV file's bytes; raises ``InputDataError`` if undecidable."""
    for bom, name in _BOMS.items():
        if data.startswith(bom):
            text = _strict(data, name)
            if text is None:
                raise InputDataError("文件以 UTF-8 BOM 开头但含有非 UTF-8 字节 (编码混杂)", location=location,
                                     hint="请由导出系统统一以 UTF-8 重新导出。")
            return text, "utf-8-sig"
    if declared != "auto":
        return _declared(data, declared, location), declared
    text = _strict(data, "utf-8")
    if text is not None:
        return text, "utf-8"
    utf8_lines, other_lines = _utf8_chinese_lines(data)
    if utf8_lines:
        raise InputDataError(
            f"文件编码混杂: 第 {', '.join(map(str, utf8_lines))} 行为 UTF-8, "
            f"第 {', '.join(map(str, other_lines))} 行不是 UTF-8 (可能为 GBK)",
            location=location, hint="请由导出系统以单一编码 (UTF-8 或 GBK) 重新导出整个文件。",
        )
    for name in ("gbk", "gb18030"):
        text = _strict(data, name)
        if text is not None:
            return text, name
    raise InputDataError("无法识别文件编码 (不是 UTF-8、GBK 或 GB18030)", location=location,
                         hint="请确认文件未损坏, 并以 UTF-8 或 GBK 重新导出。")


def _declared(data: bytes, encoding: str, location: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputDataError(
            f"文件不是配置中声明的 {encoding} 编码: 第 {line} 行含有无法解码的字节",
            location=location, hint="请修正数据源配置中的 encoding, 或设为 auto 自动识别。",
        ) from exc

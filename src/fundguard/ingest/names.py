"""Spotting garbled personal names (UTF-8 bytes read as GBK somewhere upstream, or lost characters).

Checked per distinct name, not per row: a city has far fewer distinct names than records.
"""

from __future__ import annotations

import polars as pl


def looks_garbled(name: str) -> bool:
    """True for a name with replacement characters or one that is UTF-8 Chinese decoded as GBK."""
    if "\ufffd" in name or "?" in name:
        return True
    try:
        back = name.encode("gbk").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return False
    return back != name and any("\u4e00" <= c <= "\u9fff" for c in back)


def name_ok(names: pl.Series) -> pl.Series:
    """Per row: the name is absent or does not look garbled."""
    bad = [v for v in names.drop_nulls().unique().to_list() if looks_garbled(v)]
    return ~names.is_in(bad).fill_null(False)

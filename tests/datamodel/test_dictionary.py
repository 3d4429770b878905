from __future__ import annotations

from pathlib import Path

from fundguard.datamodel.dictionary import dictionary_entries, dictionary_markdown
from fundguard.ingest.tables import LOAD_ORDER

REPO = Path(__file__).resolve().parents[2]


def test_every_canonical_column_is_documented():
    entries = dictionary_entries(REPO / "sql")
    assert {e.table for e in entries} == set(LOAD_ORDER)
    missing = [f"{e.table}.{e.column}" for e in entries if not e.name_zh or not e.constraint]
    assert missing == []
    setl = next(e for e in entries if e.table == "settlement" and e.column == "medfee_sumamt")
    assert (setl.name_zh, setl.national_field, setl.dtype, setl.required) == (
        "医疗费总额(元)", "medfee_sumamt", "DECIMAL(18,2)", True)


def test_committed_dictionary_is_current():
    committed = (REPO / "docs" / "data_dictionary.md").read_text(encoding="utf-8")
    assert committed == dictionary_markdown(REPO / "sql"), "regenerate: fundguard data dictionary --out docs/data_dictionary.md"

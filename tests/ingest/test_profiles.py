from __future__ import annotations

from pathlib import Path

import pytest

from fundguard.errors import ConfigError, InputDataError
from fundguard.ingest.profiles import SourceProfile, glob_regex, load_profiles, match_profile

REPO = Path(__file__).resolve().parents[2]
SQL = REPO / "sql"


@pytest.mark.parametrize(("pattern", "path", "hit"), [
    ("fee_line/**/*.parquet", "fee_line/date=2026-01-01/part-0.parquet", True),
    ("fee_line/**/*.parquet", "fee_line/part-0.parquet", True),
    ("fee_line/**/*.parquet", "settlement/fee_line/x.parquet", False),
    ("**/institution.xlsx", "reference/institution.xlsx", True),
    ("**/institution.xlsx", "institution.xlsx", True),
    ("his_export/*/*_settlement.csv", "his_export/H1/2026-01-01_settlement.csv", True),
    ("his_export/*/*_settlement.csv", "his_export/H1/x/2026-01-01_settlement.csv", False),
])
def test_globs(pattern, path, hit):
    assert bool(glob_regex(pattern).match(path)) is hit


def test_national_profiles_cover_every_canonical_table():
    from fundguard.ingest.tables import LOAD_ORDER

    profiles = load_profiles(REPO / "config" / "profiles", SQL)
    national = {p.target for p in profiles if p.id.startswith("national_")}
    assert national == set(LOAD_ORDER)


def _write(folder: Path, name: str, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.yaml").write_text(text, encoding="utf-8")


BASE = "target: institution\nformat: csv\nmatch: ['x/*.csv']\n"


def test_first_profile_by_id_wins_and_values_become_strings(tmp_path):
    _write(tmp_path, "b_second", "id: b_second\n" + BASE)
    _write(tmp_path, "a_first", "id: a_first\n" + BASE + "values: {inst_type: {1: H}}\n")
    profiles = load_profiles(tmp_path, SQL)
    chosen = match_profile("x/f.csv", profiles)
    assert chosen.id == "a_first" and chosen.values == {"inst_type": {"1": "H"}}


def test_unmatched_file_names_the_profiles_tried(tmp_path):
    _write(tmp_path, "a_first", "id: a_first\n" + BASE)
    with pytest.raises(InputDataError, match="已尝试: a_first") as info:
        match_profile("y/f.csv", load_profiles(tmp_path, SQL))
    assert info.value.location == "y/f.csv" and "config/profiles" in (info.value.hint or "")


@pytest.mark.parametrize(("extra", "message"), [
    ("colour: red\n", "colour"),
    ("columns: {编码: no_such_column}\n", "no_such_column"),
    ("encoding: latin-1\n", "encoding"),
])
def test_invalid_profiles_are_refused_clearly(tmp_path, extra, message):
    _write(tmp_path, "bad", "id: bad\n" + BASE + extra)
    with pytest.raises(ConfigError, match=message):
        load_profiles(tmp_path, SQL)


def test_auto_format_follows_the_extension():
    profile = SourceProfile(id="p", target="staff", match=["*"], format="auto")
    assert [profile.file_format(Path(n)) for n in ("a.parquet", "b.CSV", "c.xlsx")] == ["parquet", "csv", "xlsx"]

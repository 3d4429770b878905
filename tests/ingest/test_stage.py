from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from fundguard.ingest import stage
from fundguard.ingest.files import discover_files, is_skipped
from fundguard.ingest.profiles import load_profiles
from fundguard.ops.context import RunContext

REPO = Path(__file__).resolve().parents[2]
BASE = REPO / "tests" / "fixtures" / "bad_inputs" / "inbox"


def test_stage_run_returns_counts_and_touched_window(settings, tmp_path):
    inbox = tmp_path / "inbox"
    for rel in ("institution/base.csv", "insured/base.csv", "settlement/base.csv"):
        (inbox / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(BASE / rel, inbox / rel)
    ctx = RunContext(run_id="r1", run_date=date(2026, 1, 31), inbox=inbox)
    counts = stage.run(settings, ctx)
    assert counts["rows_loaded"] == 7 and counts["files_loaded"] == 3
    assert (counts["touched_from"], counts["touched_to"]) == ("2026-01-05", "2026-01-06")
    assert Path(str(counts["summary_path"])).is_file()
    again = stage.run(settings, ctx)
    assert again["rows_loaded"] == 0 and again["touched_from"] is None


def test_housekeeping_files_are_skipped():
    skipped = [p for p in ("labels/x.parquet", "README.md", "sub/notes.MD", "MANIFEST.json", "RUN_DATE",
                           ".hidden/x.csv", "reference/~$institution.xlsx") if is_skipped(Path(p))]
    assert len(skipped) == 7 and not is_skipped(Path("settlement/date=2026-01-01/part-0.parquet"))


def test_single_file_is_matched_by_the_tail_of_its_path():
    profiles = load_profiles(REPO / "config" / "profiles", REPO / "sql")
    [(path, rel)] = discover_files(BASE / "fee_line" / "base.csv", profiles)
    assert rel == "fee_line/base.csv" and path.is_file()


def test_single_file_prefers_a_folder_anchored_profile(tmp_path):
    from fundguard.ingest.profiles import SourceProfile

    profiles = (SourceProfile(id="a_any", target="insured", match=["**/insured.csv"], format="csv"),
                SourceProfile(id="b_ref", target="insured", match=["reference/insured.csv"], format="csv"))
    path = tmp_path / "city" / "reference" / "insured.csv"
    path.parent.mkdir(parents=True)
    path.write_text("x\n", encoding="utf-8")
    assert discover_files(path, profiles)[0][1] == "reference/insured.csv"

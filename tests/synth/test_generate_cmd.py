"""The `fundguard generate` command (lives here with the generator it drives)."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
from typer.testing import CliRunner

from fundguard.cli.main import app


def test_generate_writes_manifest_and_run_date(tmp_path: Path) -> None:
    out = tmp_path / "city"
    result = CliRunner().invoke(app, ["generate", "--persons", "300", "--days", "2", "--start", "2026-03-01",
                                      "--seed", "3", "--out", str(out), "--clean"])
    assert result.exit_code == 0, result.output
    assert "已生成 300 名参保人 2 天的数据" in result.output
    assert (out / "RUN_DATE").read_text(encoding="utf-8").strip() == "2026-03-02"
    manifest = json.loads((out / "MANIFEST.json").read_text(encoding="utf-8"))
    errors = pl.read_parquet(out / "labels" / "data_errors.parquet")
    extra_insured = errors.filter(pl.col("file") == "reference/insured.csv").height
    assert manifest["seed"] == 3 and manifest["files"]["reference/insured.csv"]["rows"] == 300 + extra_insured
    assert all(share == 0 for share in manifest["city"]["prevalence"].values())


def test_clean_and_prevalence_scale_together_are_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["generate", "--out", str(tmp_path), "--clean", "--prevalence-scale", "2"])
    assert result.exit_code != 0
    assert "不能同时使用" in str(result.exception) + result.output


def test_generate_refuses_a_folder_with_other_files(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("keep me", encoding="utf-8")
    result = CliRunner().invoke(app, ["generate", "--persons", "200", "--days", "1", "--out", str(tmp_path)])
    assert result.exit_code != 0
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "keep me"
    assert not (tmp_path / "settlement").exists()


def test_regenerating_replaces_an_earlier_generation(tmp_path: Path) -> None:
    runner = CliRunner()
    runner.invoke(app, ["generate", "--persons", "200", "--days", "3", "--out", str(tmp_path)])
    result = runner.invoke(app, ["generate", "--persons", "200", "--days", "1", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert [p.name for p in (tmp_path / "settlement").iterdir()] == ["date=2026-01-01"]

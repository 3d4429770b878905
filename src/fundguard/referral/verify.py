"""Checking a referral package: file hashes against manifest.json, and re-running each rule on the
package's snapshot in a fresh in-memory database to reproduce the findings."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from fundguard.errors import InputDataError, NotFoundError
from fundguard.referral.package import MANIFEST, sha256_of


@dataclass(frozen=True, slots=True)
class VerifyReport:
    """Files whose hash differs, files missing, files not in the manifest."""

    n_files: int
    mismatched: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)

    @property
    def is_intact(self) -> bool:
        return not (self.mismatched or self.missing or self.extra)


def read_manifest(folder: Path) -> dict[str, Any]:
    path = folder / MANIFEST
    if not path.is_file():
        raise NotFoundError("移送材料缺少 manifest.json", location=folder,
                            hint="请确认目录是 fundguard referral build 生成的移送材料。")
    try:
        return json.loads(path.read_text("utf-8"))  # type: ignore[no-any-return]
    except ValueError as exc:
        raise InputDataError(f"manifest.json 无法解析: {exc}", location=path) from exc


def verify_package(folder: Path) -> VerifyReport:
    """Compare every file's SHA-256 with the manifest."""
    files: dict[str, str] = read_manifest(folder)["files"]
    present = {p.relative_to(folder).as_posix() for p in folder.rglob("*")
               if p.is_file() and p.name != MANIFEST}
    missing = sorted(set(files) - present)
    mismatched = sorted(n for n in set(files) & present if sha256_of(folder / n) != files[n])
    return VerifyReport(len(files), mismatched, missing, sorted(present - set(files)))


def _expected_findings(folder: Path) -> dict[str, Decimal]:
    import pyarrow.parquet as pq

    table = pq.read_table(folder / "evidence" / "findings.parquet", columns=["finding_id", "vola_amt"])
    return dict(zip(table.column("finding_id").to_pylist(), table.column("vola_amt").to_pylist(),
                    strict=True))


def _rule_hits(con: Any, settings: Any, folder: Path, entry: dict[str, Any]) -> dict[str, Decimal]:
    from fundguard.errors import RuleExecutionError
    from fundguard.rules.catalog import load_rule
    from fundguard.rules.inputs import rule_inputs
    from fundguard.rules.runner import materialise_hits

    rule = load_rule(folder / entry["yaml"])
    params = {k: rule.spec.params[k].coerce(v) for k, v in entry["params"].items()}
    params |= {"period_start": date.fromisoformat(entry["period_start"]),
               "period_end": date.fromisoformat(entry["period_end"])}
    with rule_inputs(con, [(rule, params)], settings.sql_dir) as input_errors:
        if input_errors:
            raise RuleExecutionError("; ".join(input_errors.values()), rule_id=rule.id,
                                     location=rule.yaml_path)
        cur = con.cursor()
        try:
            materialise_hits(cur, rule, settings.sql_dir, params)
            return dict(cur.execute("select finding_id, vola_amt from rule_keyed").fetchall())
        finally:
            cur.close()


def reproduce_package(settings: Any, folder: Path) -> list[dict[str, Any]]:
    """Re-run every rule on the snapshot; one row per packaged finding with the comparison."""
    from fundguard.db.connection import memory_connection
    from fundguard.db.migrate import apply_migrations
    from fundguard.referral.snapshot import load_snapshot

    manifest = read_manifest(folder)
    expected = _expected_findings(folder)
    con = memory_connection()
    try:
        apply_migrations(con, settings.sql_dir)
        load_snapshot(con, folder / "snapshot")
        rows = []
        for entry in manifest["rules"]:
            hits = _rule_hits(con, settings, folder, entry) if entry["status"] == "ok" else {}
            for fid in entry["finding_ids"]:
                got = hits.get(fid)
                rows.append({"finding_id": fid, "rule_id": entry["rule_id"],
                             "expected_amt": expected.get(fid), "reproduced_amt": got,
                             "reproduced": got is not None and got == expected.get(fid)})
        return rows
    finally:
        con.close()

"""Referral packages: one folder per case under ``<var>/exports/referrals/<case_id>/`` holding the item
list (XLSX), a Chinese PDF summary, the evidence rows, each rule's SQL/YAML with version and params,
a snapshot of the input rows and ``manifest.json`` with the SHA-256 of every file."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb

from fundguard.cases.store import case_flags, case_history, case_lines, case_row
from fundguard.cases.workflow import CONFIRMED
from fundguard.db.sqlrun import arrow_table, execute_sql, query_dicts
from fundguard.errors import WorkflowError
from fundguard.ingest.files import file_sha256 as sha256_of
from fundguard.referral.routing import CaseFacts, Route, routes_for_case, routing_config
from fundguard.referral.rulefiles import copy_rule_files
from fundguard.referral.summary import write_item_list, write_summary
from fundguard.settings import Settings

MANIFEST = "manifest.json"


@dataclass(frozen=True, slots=True)
class ReferralResult:
    case_id: str
    agency: str
    folder: Path
    manifest_sha256: str
    n_files: int


def case_facts(con: duckdb.DuckDBPyConnection, sql_dir: Path, case: dict[str, Any],
               findings: list[dict[str, Any]]) -> CaseFacts:
    """The routing view of a case."""
    rows = query_dicts(con, sql_dir, "cases/referral/institution_type", {"entity_id": case["entity_id"]})
    amount = case["amt_confirmed"] if case["amt_confirmed"] is not None else case["amt_identified"]
    return CaseFacts(
        entity_type=case["entity_type"], disposition=case["disposition"], amount=amount,
        legal_bases=tuple(sorted({f["legal_basis"] for f in findings})),
        rule_texts=tuple(sorted({t for f in findings for t in (f["rule_id"], f["rule_name"], f["category"])})),
        inst_type=rows[0]["inst_type"] if rows else None,
    )


def chosen_route(routes: list[Route], agency: str | None, case_id: str) -> Route:
    """The route for ``agency`` (default: the first route); refused if routing does not allow it."""
    for route in routes:
        if agency in (None, route.agency):
            return route
    allowed = "、".join(r.agency for r in routes)
    raise WorkflowError(f"按移送规则该案件不移送{agency}", location=f"案件 {case_id}",
                        hint=f"可移送: {allowed}；规则见 config/routing.yaml。")


def _write_evidence(con: duckdb.DuckDBPyConnection, sql_dir: Path, case_id: str, folder: Path) -> None:
    import pyarrow.parquet as pq

    folder.mkdir(parents=True, exist_ok=True)
    for name in ("findings", "finding_lines"):
        table = arrow_table(con, sql_dir, f"cases/referral/{name}", {"case_id": case_id})
        pq.write_table(table, folder / f"{name}.parquet")
        table.to_pandas().to_csv(folder / f"{name}.csv", index=False, encoding="utf-8-sig")


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    return value if isinstance(value, str | int | float | bool | type(None)) else str(value)


def write_manifest(folder: Path, meta: dict[str, Any]) -> str:
    """Write manifest.json (SHA-256 of every other file) and return the manifest's own SHA-256."""
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.name != MANIFEST)
    manifest = {**meta, "files": {p.relative_to(folder).as_posix(): sha256_of(p) for p in files}}
    path = folder / MANIFEST
    path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1, default=_jsonable), "utf-8")
    return sha256_of(path)


def _require_decided(case: dict[str, Any]) -> None:
    if case["disposition"] not in CONFIRMED or case["status"] not in ("处理", "结案"):
        raise WorkflowError(f"案件尚未确认违规或欺诈(当前: {case['status']}), 不能生成移送材料",
                            location=f"案件 {case['case_id']}", hint="请先完成核查并确认。")


def build_referral(con: duckdb.DuckDBPyConnection, settings: Settings, case_id: str, actor: str,
                   agency: str | None = None, full_snapshot: bool = False) -> ReferralResult:
    """Build (or rebuild) the referral package of a confirmed case and record it."""
    sql_dir = settings.sql_dir
    case = case_row(con, sql_dir, case_id)
    _require_decided(case)
    findings = query_dicts(con, sql_dir, "cases/referral/findings", {"case_id": case_id})
    routes = routes_for_case(case_facts(con, sql_dir, case, findings), routing_config(settings.config_dir))
    route = chosen_route(routes, agency, case_id)
    folder = settings.exports_path / "referrals" / case_id
    shutil.rmtree(folder, ignore_errors=True)
    _write_evidence(con, sql_dir, case_id, folder / "evidence")
    rules = copy_rule_files(con, settings, findings, folder, full_snapshot)
    history = case_history(con, sql_dir, case_id)
    write_item_list(folder / "移送清单.xlsx", case, findings, case_lines(con, sql_dir, case_id), history)
    write_summary(folder / "案件摘要.pdf", case, route, routes, findings, history, rules)
    built_at = datetime.now()
    meta = {"format": "fundguard-referral/1", "case_id": case_id, "agency": route.agency,
            "route_reason": route.reason, "built_at": built_at, "built_by": actor, "rules": rules,
            "case": {k: _jsonable(v) for k, v in case.items()},
            "risk_flags": [{k: _jsonable(v) for k, v in f.items()}
                           for f in case_flags(con, sql_dir, case_id)],
            "history": [{k: _jsonable(v) for k, v in e.items()} for e in history],
            "schema": query_dicts(con, sql_dir, "cases/referral/schema_state")}
    digest = write_manifest(folder, meta)
    execute_sql(con, sql_dir, "cases/referral/insert_referral", {
        "referral_id": f"R{digest[:15]}", "case_id": case_id, "agency": route.agency,
        "route_reason": route.reason, "package_dir": str(folder), "manifest_sha256": digest,
        "built_by": actor, "built_at": built_at})
    n_files = len(json.loads((folder / MANIFEST).read_text("utf-8"))["files"])
    return ReferralResult(case_id, route.agency, folder, digest, n_files)

"""Running rules: each rule isolated on its own cursor; hits upserted as findings by deterministic id.

Per rule: bind params (declared defaults, overrides, the reserved window), materialise the query into
a temp table and key the hits (``sql/rules_support/keyed_hits.sql``).  The fund share of every hit of
the run is then computed in one settlement join (``fund_shares.sql``).  Then ONE transaction for the
whole run writes every rule: withdraw the rule's findings in the re-examined scope that it no longer
produces (``withdrawn_findings.sql``), upsert ``finding``, rewrite its ``finding_line`` rows and
record ``rule_execution``.  A failing rule is recorded with outcome ``error`` and the run goes on.
Coverage below ``coverage_min`` → ``degraded``.
"""

from __future__ import annotations

import logging
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb

from fundguard.db.sql_files import bind, sql_text
from fundguard.db.sqlrun import transaction
from fundguard.errors import FundguardError, RuleDefinitionError, RuleExecutionError
from fundguard.ops import progress
from fundguard.ops.testing import pause_point
from fundguard.rules.catalog import Rule
from fundguard.rules.coverage import Coverage, rule_coverages

log = logging.getLogger(__name__)

RESOURCE_ERRORS: tuple[type[BaseException], ...] = (duckdb.OutOfMemoryException, duckdb.IOException)
"""Failures of the machine (memory limit, disk full), not of a rule: they stop the run and surface as
``ResourceLimitError`` through ``fundguard.db.connection.connect``."""


@dataclass
class RuleResult:
    """What one rule did in one run (mirrors a ``rule_execution`` row)."""

    rule_id: str
    rule_version: int
    outcome: str = "no_hit"
    n_hits: int = 0
    amount: Decimal = Decimal("0.00")
    fund_amount: Decimal = Decimal("0.00")
    coverage: float | None = None
    n_input_rows: int = 0
    duration_ms: int = 0
    error: str | None = None
    n_withdrawn: int = 0
    """Findings of the re-examined scope the rule no longer produces (deleted)."""
    changed_from: date | None = None
    changed_to: date | None = None
    """Range of event dates of findings this run added, changed or withdrew."""


@dataclass(frozen=True)
class RunRequest:
    """Which window a run evaluates, under which run id, with which param overrides."""

    run_id: str
    period_start: date
    period_end: date
    overrides: dict[str, dict[str, Any]] = field(default_factory=dict)
    persist: bool = True
    workers: int = 1
    """Rules evaluated concurrently (threads, one cursor each); writes are serialised."""


def rule_params(rule: Rule, request: RunRequest) -> dict[str, Any]:
    """Declared params at defaults, then overrides (coerced and bounds-checked), then the window."""
    params = rule.spec.default_params()
    for name, value in request.overrides.get(rule.id, {}).items():
        if name not in rule.spec.params:
            raise RuleDefinitionError(f"规则 {rule.id} 没有参数 {name}", rule_id=rule.id,
                                      location=rule.yaml_path)
        try:
            params[name] = rule.spec.params[name].coerce(value)
        except (TypeError, ValueError) as exc:
            raise RuleDefinitionError(f"规则 {rule.id} 参数 {name} 取值无效: {exc}",
                                      rule_id=rule.id, location=rule.yaml_path) from exc
    return {**params, "period_start": request.period_start, "period_end": request.period_end}


def materialise_hits(cur: Any, rule: Rule, sql_dir: Path, params: dict[str, Any]) -> None:
    """Leave the rule's keyed hits in temp table ``rule_keyed`` on ``cur``."""
    import duckdb

    try:
        cur.execute(f"create or replace temp table rule_hits as {rule.sql}", bind(rule.sql, params))
        keyed = sql_text(sql_dir, "rules_support/keyed_hits")
        key_paths = [f"$.{name}" for name in rule.spec.output.key]
        cur.execute(f"create or replace temp table rule_keyed as {keyed}",
                    bind(keyed, {"rule_id": rule.id, "key_paths": key_paths}))
    except RESOURCE_ERRORS:
        raise  # memory or disk, not the rule: the caller's connect() reports ResourceLimitError
    except duckdb.Error as exc:
        raise RuleExecutionError(
            f"规则 {rule.id} 执行失败: {exc}", rule_id=rule.id, rule_version=str(rule.spec.version),
            location=rule.yaml_path.with_suffix(".sql"), hint="检查规则 SQL 与输入数据。",
        ) from exc


def _finding_params(rule: Rule, run_id: str) -> dict[str, Any]:
    spec = rule.spec
    return {
        "rule_id": spec.id, "rule_version": spec.version, "gz_code": spec.gz_code,
        "rule_name": spec.name, "category": spec.category_zh, "result_type": spec.result_type,
        "legal_basis": spec.legal_basis, "severity": spec.severity, "agency": spec.agency,
        "hit_unit": spec.hit_unit, "run_id": run_id, "now": datetime.now(),
    }


def _run_support(con: Any, sql_dir: Path, name: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
    text = sql_text(sql_dir, f"rules_support/{name}")
    return con.execute(text, bind(text, params)).fetchall()


def persist_hits(con: Any, rule: Rule, sql_dir: Path, request: RunRequest, hits: Any,
                 result: RuleResult) -> None:
    """Write one rule's keyed hits (an Arrow table) inside the caller's transaction.

    Withdraws the rule's findings in the re-examined scope that it no longer produces, upserts the
    hits as findings and rewrites their lines; sets ``result.n_withdrawn`` and ``changed_*``.
    """
    params = {**_finding_params(rule, request.run_id), "period_start": request.period_start,
              "period_end": request.period_end}
    con.register("rule_keyed", hits)
    try:
        _run_support(con, sql_dir, "withdrawn_findings", params)
        [(result.changed_from, result.changed_to, result.n_withdrawn)] = _run_support(
            con, sql_dir, "changed_dates", params)
        for name in ("delete_withdrawn_lines", "delete_withdrawn_findings", "upsert_findings",
                     "delete_finding_lines", "insert_finding_lines"):
            _run_support(con, sql_dir, name, params)
    finally:
        con.unregister("rule_keyed")


def _outcome(rule: Rule, n_hits: int, coverage: Coverage) -> str:
    if coverage.share is not None and coverage.share < rule.spec.coverage_min:
        return "degraded"
    return "hit" if n_hits else "no_hit"


def compute_rule(con: Any, rule: Rule, request: RunRequest, coverage: Coverage,
                 sql_dir: Path) -> tuple[RuleResult, Any | None]:
    """Evaluate one rule on its own cursor (nothing written): its result and keyed hits (Arrow).

    Never raises for a rule failure: outcome ``error`` and no hits.
    """
    import duckdb

    result = RuleResult(rule.id, rule.spec.version, coverage=coverage.share,
                        n_input_rows=coverage.n_rows)
    started = time.perf_counter()
    cur = con.cursor()
    hits = None
    try:
        if coverage.unknown_fields:
            raise RuleDefinitionError(f"规则 {rule.id} 的必需字段不存在: {', '.join(coverage.unknown_fields)}",
                                      rule_id=rule.id, location=rule.yaml_path)
        materialise_hits(cur, rule, sql_dir, rule_params(rule, request))
        totals = sql_text(sql_dir, "rules_support/hit_totals")
        result.n_hits, result.amount = cur.execute(totals).fetchall()[0]
        hits = cur.sql("select * from rule_keyed").to_arrow_table()
        result.outcome = _outcome(rule, result.n_hits, coverage)
    except RESOURCE_ERRORS:
        raise  # stops the stage: the next rules would fail the same way
    except (FundguardError, duckdb.Error) as exc:
        result.outcome, result.error = "error", str(exc)
        log.warning("rule failed rule_id=%s version=%s", rule.id, rule.spec.version)
    finally:
        cur.close()
    result.duration_ms = int((time.perf_counter() - started) * 1000)
    return result, hits


def add_fund_shares(con: Any, computed: list[tuple[RuleResult, Any | None]], sql_dir: Path) -> None:
    """Fill ``fund_amt`` of every rule's keyed hits with one settlement join for the whole run.

    Replaces each hits table in ``computed`` and sets each result's ``fund_amount``.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    parts = [hits.select(["setl_id", "vola_amt", "fund_amt"]) for _, hits in computed
             if hits is not None]
    if not parts:
        return
    run_hits = pa.concat_tables(parts)
    run_hits = run_hits.append_column("hit_no", pa.array(range(run_hits.num_rows), pa.int64()))
    cur = con.cursor()
    try:
        cur.register("run_hits", run_hits)
        fund = cur.sql(sql_text(sql_dir, "rules_support/fund_shares")).to_arrow_table()["fund_amt"]
    finally:
        cur.close()
    offset = 0
    for i, (result, hits) in enumerate(computed):
        if hits is None:
            continue
        share = fund.slice(offset, hits.num_rows)
        offset += hits.num_rows
        hits = hits.set_column(hits.schema.get_field_index("fund_amt"), "fund_amt", share)
        computed[i] = (result, hits)
        total = pc.sum(share).as_py()
        result.fund_amount = Decimal("0.00") if total is None else total


def record_execution(con: Any, rule: Rule, request: RunRequest, result: RuleResult,
                     sql_dir: Path) -> None:
    text = sql_text(sql_dir, "rules_support/insert_rule_execution")
    values = {
        "run_id": request.run_id, "rule_id": rule.id, "rule_version": rule.spec.version,
        "outcome": result.outcome, "n_hits": result.n_hits, "amount": result.amount,
        "fund_amount": result.fund_amount, "coverage": result.coverage,
        "n_input_rows": result.n_input_rows, "period_start": request.period_start,
        "period_end": request.period_end, "duration_ms": result.duration_ms,
        "error": result.error, "fingerprint": rule.fingerprint, "executed_at": datetime.now(),
    }
    con.execute(text, values)


def backtest_hits(con: Any, rule: Rule, request: RunRequest, sql_dir: Path,
                  limit: int) -> list[dict[str, Any]]:
    """The rule's keyed hits over the window (nothing written), at most ``limit`` rows."""
    cur = con.cursor()
    try:
        materialise_hits(cur, rule, sql_dir, rule_params(rule, request))
        rows = cur.execute(
            "select finding_id, finding_key, setl_id, psn_no, fixmedins_code, staff_code,"
            " event_date, vola_amt from rule_keyed order by event_date, finding_key limit $n",
            {"n": limit},
        )
        names = [d[0] for d in rows.description]
        return [dict(zip(names, row, strict=True)) for row in rows.fetchall()]
    finally:
        cur.close()


def run_rules(con: Any, rules: list[Rule], request: RunRequest, sql_dir: Path) -> list[RuleResult]:
    """Run ``rules`` (enabled ones) over the request window; one ``rule_execution`` row each.

    Rules are evaluated first (``request.workers`` threads, one cursor each, nothing written), then
    every rule's findings and execution row are written in ONE transaction: a run killed or failing
    while writing leaves the findings exactly as they were before it.
    """
    enabled = [r for r in rules if r.spec.enabled]
    coverages = rule_coverages(con, enabled, (request.period_start, request.period_end))

    def one(rule: Rule) -> tuple[RuleResult, Any | None]:
        return compute_rule(con, rule, request, coverages[rule.id], sql_dir)

    with ThreadPoolExecutor(max_workers=max(request.workers, 1)) as pool, \
            progress.track("规则计算", total=len(enabled)) as bar:
        computed = list(bar.iterate(pool.map(one, enabled)))
    add_fund_shares(con, computed, sql_dir)
    if request.persist:
        with transaction(con):
            for rule, (result, hits) in zip(enabled, computed, strict=True):
                if hits is not None:
                    started = time.perf_counter()
                    persist_hits(con, rule, sql_dir, request, hits, result)
                    result.duration_ms += int((time.perf_counter() - started) * 1000)
                record_execution(con, rule, request, result, sql_dir)
                pause_point("rules:persist")
    for rule, (result, _) in zip(enabled, computed, strict=True):
        log.info("rule done rule_id=%s outcome=%s n_hits=%d withdrawn=%d duration_ms=%d",
                 rule.id, result.outcome, result.n_hits, result.n_withdrawn, result.duration_ms)
    return [result for result, _ in computed]

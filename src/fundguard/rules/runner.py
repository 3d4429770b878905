"""Running rules: each rule isolated on its own cursor; hits upserted as findings by deterministic id.

Per rule: bind params (declared defaults, overrides, the reserved window), materialise the query into
a temp table and key the hits (``sql/rules_support/keyed_hits.sql``).  The fund share of every hit of
the run is then computed in one settlement join (``fund_shares.sql``).  Then ONE transaction writes
every rule, each step one statement over the hits of all rules: withdraw each rule's findings in the
re-examined scope that it no longer produces (``withdrawn_findings.sql``), upsert ``finding``,
rewrite the ``finding_line`` rows, record ``rule_execution``.  A failing rule is recorded with outcome ``error`` and the run goes on.
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
from fundguard.rules.inputs import rule_inputs

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
        columns = [d[0] for d in cur.execute("select * from rule_hits limit 0").description]
        if "related_lines" in columns:
            cur.execute(sql_text(sql_dir, "rules_support/sort_related_lines"))
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


RULE_METADATA = ("rule_version", "gz_code", "rule_name", "category", "result_type", "legal_basis",
                 "severity", "agency", "hit_unit")
"""Columns of registered table ``run_rule`` after ``rule_id``: what every finding of a rule repeats."""


def _rule_metadata(rule: Rule) -> tuple[Any, ...]:
    spec = rule.spec
    return (spec.id, spec.version, spec.gz_code, spec.name, spec.category_zh, spec.result_type,
            spec.legal_basis, spec.severity, spec.agency, spec.hit_unit)


def _run_tables(rules: list[Rule], computed: list[tuple[RuleResult, Any | None]]) -> tuple[Any, Any]:
    """Arrow tables ``run_rule`` (the rules evaluated without error) and ``run_keyed`` (their hits)."""
    import pyarrow as pa

    ok = [(rule, hits) for rule, (_, hits) in zip(rules, computed, strict=True) if hits is not None]
    rows = [_rule_metadata(rule) for rule, _ in ok]
    names = ("rule_id", *RULE_METADATA)
    run_rule = pa.table({name: pa.array([row[i] for row in rows], type=pa.int32() if
                                        name == "rule_version" else pa.string())
                         for i, name in enumerate(names)})
    parts = [hits.append_column("rule_id", pa.array([rule.id] * hits.num_rows, pa.string()))
             for rule, hits in ok]
    return run_rule, pa.concat_tables(parts) if parts else None


def _run_support(con: Any, sql_dir: Path, name: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
    text = sql_text(sql_dir, f"rules_support/{name}")
    return con.execute(text, bind(text, params)).fetchall()


def persist_run(con: Any, rules: list[Rule], computed: list[tuple[RuleResult, Any | None]],
                request: RunRequest, sql_dir: Path) -> None:
    """Write the keyed hits of every rule evaluated without error inside the caller's transaction.

    One statement per step for the whole run (not per rule): withdraw each rule's findings in the
    re-examined scope that it no longer produces, upsert the hits as findings, rewrite their lines;
    sets each result's ``n_withdrawn`` and ``changed_*``.  A rule that failed keeps its findings.
    """
    run_rule, run_keyed = _run_tables(rules, computed)
    if run_keyed is None:
        return
    params = {"run_id": request.run_id, "now": datetime.now(),
              "period_start": request.period_start, "period_end": request.period_end}
    con.register("run_rule", run_rule)
    con.register("run_keyed", run_keyed)
    try:
        _run_support(con, sql_dir, "withdrawn_findings", params)
        changed = {rule_id: rest for rule_id, *rest in
                   _run_support(con, sql_dir, "changed_ranges", params)}
        for name in ("delete_stale_lines", "delete_withdrawn", "upsert_findings",
                     "insert_finding_lines"):
            _run_support(con, sql_dir, name, params)
    finally:
        con.unregister("run_keyed")
        con.unregister("run_rule")
    for rule, (result, _) in zip(rules, computed, strict=True):
        if rule.id in changed:
            result.changed_from, result.changed_to, result.n_withdrawn = changed[rule.id]


def _outcome(rule: Rule, n_hits: int, coverage: Coverage) -> str:
    if coverage.share is not None and coverage.share < rule.spec.coverage_min:
        return "degraded"
    return "hit" if n_hits else "no_hit"


def compute_rule(con: Any, rule: Rule, request: RunRequest, coverage: Coverage,
                 sql_dir: Path, input_errors: dict[str, str] | None = None
                 ) -> tuple[RuleResult, Any | None]:
    """Evaluate one rule on its own cursor (nothing written): its result and keyed hits (Arrow).

    Never raises for a rule failure (nor for a failed shared input it reads): outcome ``error`` and
    no hits.
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
        failed_inputs = [(input_errors or {})[n] for n in rule.spec.inputs if n in (input_errors or {})]
        if failed_inputs:
            raise RuleExecutionError("; ".join(failed_inputs), rule_id=rule.id,
                                     rule_version=str(rule.spec.version), location=rule.yaml_path)
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


def record_executions(con: Any, rules: list[Rule], results: list[RuleResult], request: RunRequest,
                      sql_dir: Path) -> None:
    """One ``rule_execution`` row per rule of the run, in one statement."""
    import pyarrow as pa

    executed_at = datetime.now()
    rows = [{
        "rule_id": rule.id, "rule_version": rule.spec.version, "outcome": result.outcome,
        "n_hits": result.n_hits, "amount": result.amount, "fund_amount": result.fund_amount,
        "coverage": result.coverage, "n_input_rows": result.n_input_rows,
        "duration_ms": result.duration_ms, "error": result.error, "fingerprint": rule.fingerprint,
    } for rule, result in zip(rules, results, strict=True)]
    schema = pa.schema([("rule_id", pa.string()), ("rule_version", pa.int32()),
                        ("outcome", pa.string()), ("n_hits", pa.int64()),
                        ("amount", pa.decimal128(18, 2)), ("fund_amount", pa.decimal128(18, 2)),
                        ("coverage", pa.float64()), ("n_input_rows", pa.int64()),
                        ("duration_ms", pa.int64()), ("error", pa.string()),
                        ("fingerprint", pa.string())])
    con.register("run_execution", pa.Table.from_pylist(rows, schema=schema))
    try:
        _run_support(con, sql_dir, "insert_rule_executions", {
            "run_id": request.run_id, "period_start": request.period_start,
            "period_end": request.period_end, "executed_at": executed_at})
    finally:
        con.unregister("run_execution")


def backtest_hits(con: Any, rule: Rule, request: RunRequest, sql_dir: Path,
                  limit: int) -> list[dict[str, Any]]:
    """The rule's keyed hits over the window (nothing written), at most ``limit`` rows."""
    params = rule_params(rule, request)
    with rule_inputs(con, [(rule, params)], sql_dir) as input_errors:
        if input_errors:
            raise RuleExecutionError("; ".join(input_errors.values()), rule_id=rule.id,
                                     rule_version=str(rule.spec.version), location=rule.yaml_path)
        cur = con.cursor()
        try:
            materialise_hits(cur, rule, sql_dir, params)
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
    runs = []
    for rule in enabled:
        try:
            runs.append((rule, rule_params(rule, request)))
        except RuleDefinitionError:
            continue  # a bad override: compute_rule records it as the rule's error

    with rule_inputs(con, runs, sql_dir) as input_errors:

        def one(rule: Rule) -> tuple[RuleResult, Any | None]:
            computed = compute_rule(con, rule, request, coverages[rule.id], sql_dir, input_errors)
            # Cache the fingerprint the execution record needs: parsed here, while the other
            # worker's query runs, not for all rules after the last one.
            _ = rule.fingerprint
            return computed

        with ThreadPoolExecutor(max_workers=max(request.workers, 1)) as pool, \
                progress.track("规则计算", total=len(enabled)) as bar:
            computed = list(bar.iterate(pool.map(one, enabled)))
    add_fund_shares(con, computed, sql_dir)
    if request.persist:
        with transaction(con):
            started = time.perf_counter()
            persist_run(con, enabled, computed, request, sql_dir)
            log.info("rules persisted rules=%d duration_ms=%d", len(enabled),
                     int((time.perf_counter() - started) * 1000))
            record_executions(con, enabled, [result for result, _ in computed], request, sql_dir)
            pause_point("rules:persist")
    for rule, (result, _) in zip(enabled, computed, strict=True):
        log.info("rule done rule_id=%s outcome=%s n_hits=%d withdrawn=%d duration_ms=%d",
                 rule.id, result.outcome, result.n_hits, result.n_withdrawn, result.duration_ms)
    return [result for result, _ in computed]

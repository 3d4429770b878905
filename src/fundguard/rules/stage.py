"""Pipeline stage ``rules``: run every enabled rule over the run window and upsert findings.

``run(settings, ctx)`` opens its own connection (the flow holds the writer lock), loads and checks
the catalog, runs each rule isolated and returns counts.  A failing rule is recorded with outcome
``error`` in ``rule_execution`` and listed in the summary; the stage itself does not fail for it.
Governance (``fundguard.governance``): shadow-mode changes are recorded before the rules run and
every rule's fire rate is checked after (``shadow_rules``, ``fire_rate_rules`` in the summary).
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import date
from typing import Any

from fundguard.db.connection import connect
from fundguard.governance.stage import check_rules, prepare_rules
from fundguard.ops.context import RunContext
from fundguard.rules.catalog import Rule, known_schemes, load_catalog
from fundguard.rules.runner import RuleResult, RunRequest, run_rules
from fundguard.settings import Settings

log = logging.getLogger(__name__)


def load_project_rules(settings: Settings) -> list[Rule]:
    """The project's rule library, contract-checked (scheme names against config/schemes.yaml)."""
    return load_catalog(settings.rules_dir, known_schemes=known_schemes(settings.config_dir))


def run_window(ctx: RunContext) -> tuple[date, date]:
    """The settle-date window of the run (the run date alone when the context has none)."""
    return ctx.period_start or ctx.run_date, ctx.period_end or ctx.run_date


def summarise(results: list[RuleResult]) -> dict[str, Any]:
    """Counts per outcome plus totals; ``failed_rules`` lists rules with outcome error.

    ``findings_from``/``findings_to``: range of event dates of findings added, changed or withdrawn
    (ISO dates or None); the flow widens the anomaly stage's window to it.
    """
    outcomes = Counter(r.outcome for r in results)
    changed_from = [r.changed_from for r in results if r.changed_from]
    changed_to = [r.changed_to for r in results if r.changed_to]
    return {
        "n_rules": len(results),
        "n_findings": sum(r.n_hits for r in results),
        "n_withdrawn": sum(r.n_withdrawn for r in results),
        "findings_from": min(changed_from).isoformat() if changed_from else None,
        "findings_to": max(changed_to).isoformat() if changed_to else None,
        **{f"outcome_{k}": v for k, v in sorted(outcomes.items())},
        "failed_rules": [r.rule_id for r in results if r.outcome == "error"],
        "degraded_rules": [r.rule_id for r in results if r.outcome == "degraded"],
    }


def run(settings: Settings, ctx: RunContext) -> dict[str, Any]:
    """Run the rule library for the run window; returns counts and the failed/degraded rule ids."""
    rules = load_project_rules(settings)
    start, end = run_window(ctx)
    request = RunRequest(run_id=ctx.run_id, period_start=start, period_end=end,
                         workers=settings.db.rule_workers)
    with connect(settings) as con:
        governance = prepare_rules(con, settings, rules, ctx.run_id)
        results = run_rules(con, rules, request, settings.sql_dir)
        governance |= check_rules(con, settings, ctx.run_id)
    summary = summarise(results) | governance
    log.info("rules stage done run_id=%s rules=%d findings=%d failed=%d", ctx.run_id,
             summary["n_rules"], summary["n_findings"], len(summary["failed_rules"]))
    return summary

"""Shared rule inputs: intermediate tables several rules read, computed once per run.

A rule declares ``inputs: {<name>: {<input param>: <rule param> | [codes]}}`` in its YAML and reads
``rule_input.<name>`` in its SQL.  ``rule_inputs`` attaches an in-memory database ``rule_input``
(visible to every cursor of the connection), creates each input needed by the given rules from
``sql/rule_inputs/<name>.sql`` with bound params — the window (earliest start, latest end of the
rules' windows) plus each mapped param at the largest value any of the rules asks for (inputs cover
look-backs) and each list of codes as the union of the rules' lists — and detaches it afterwards.
An input that fails is reported per name, so only the rules reading it fail.  Input names come from validated YAML (``[a-z][a-z0-9_]*``) and must name an
existing file: the identifier allow-list; values are bound.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from fundguard.db.sql_files import bind, sql_text
from fundguard.errors import FundguardError
from fundguard.rules.catalog import Rule

log = logging.getLogger(__name__)

SCHEMA = "rule_input"


def input_params(name: str, uses: list[tuple[Rule, dict[str, Any]]]) -> dict[str, Any]:
    """Bound params of input ``name`` for the rules ``uses`` (each with its effective params)."""
    params: dict[str, Any] = {
        "period_start": min(p["period_start"] for _, p in uses),
        "period_end": max(p["period_end"] for _, p in uses),
    }
    for rule, rule_params in uses:
        for input_param, source in rule.spec.inputs[name].items():
            if isinstance(source, list):  # codes: the union of what the rules ask for
                params[input_param] = sorted(set(params.get(input_param, [])) | set(source))
                continue
            value = rule_params[source]
            params[input_param] = max(params.get(input_param, value), value)
    return params


@contextmanager
def rule_inputs(con: Any, runs: list[tuple[Rule, dict[str, Any]]], sql_dir: Path
                ) -> Iterator[dict[str, str]]:
    """Create the inputs of ``runs`` (rule, effective params) for the block; yields name → error
    message of the inputs that could not be computed (empty when all were)."""
    needed: dict[str, list[tuple[Rule, dict[str, Any]]]] = {}
    for rule, params in runs:
        for name in rule.spec.inputs:
            needed.setdefault(name, []).append((rule, params))
    if not needed:
        yield {}
        return
    errors: dict[str, str] = {}
    con.execute(f"attach if not exists ':memory:' as {SCHEMA}")
    try:
        for name, uses in sorted(needed.items()):
            try:
                text = sql_text(sql_dir, f"rule_inputs/{name}")
                con.execute(f"create or replace table {SCHEMA}.{name} as {text}",
                            bind(text, input_params(name, uses)))
            except (duckdb.OutOfMemoryException, duckdb.IOException):
                raise  # the machine, not the input: stops the stage like a rule would
            except (FundguardError, duckdb.Error) as exc:
                errors[name] = f"规则输入 {name} 计算失败: {exc}"
                log.warning("rule input failed name=%s", name)
        yield errors
    finally:
        con.execute(f"detach database if exists {SCHEMA}")

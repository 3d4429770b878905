"""Input coverage per rule: the share of input rows in the window where the rule's required fields
are all present.  One scan per canonical table covers every rule of the run.

Identifiers come only from the migrated schema (``duckdb_columns()``), i.e. an allow-list; values
(the window) are bound.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from fundguard.rules.catalog import Rule

PERIOD_COLUMN = {
    "settlement": "setl_time",
    "fee_line": "fee_ocur_time",
    "inventory_movement": "inv_chg_time",
    "fund_disbursement": "disb_date",
    "bank_record": "txn_date",
}
"""Tables whose coverage is measured over the evaluation window (others: all current rows)."""


@dataclass(frozen=True)
class Coverage:
    share: float | None
    """Minimum over the rule's tables of (rows with all required fields) / rows; None if no rows."""
    n_rows: int
    """Rows of the rule's first required table in the window."""
    unknown_fields: tuple[str, ...] = ()


def schema_columns(con: Any) -> dict[str, set[str]]:
    """Table → column names of the main schema (the identifier allow-list)."""
    rows = con.execute(
        "select table_name, column_name from duckdb_columns() where schema_name = 'main'"
    ).fetchall()
    columns: dict[str, set[str]] = {}
    for table, column in rows:
        columns.setdefault(table, set()).add(column)
    return columns


def _fields_by_table(rule: Rule) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for field in rule.spec.required_fields:
        table, column = field.split(".")
        grouped.setdefault(table, []).append(column)
    return grouped


def _table_counts(con: Any, table: str, column_sets: list[list[str]], window: tuple[date, date]
                  ) -> tuple[int, list[int]]:
    """Row count of ``table`` in the window and, per column set, rows with all columns non-null."""
    filters = [" and ".join(f'"{c}" is not null' for c in cols) for cols in column_sets]
    aggregates = ", ".join(f"count(*) filter (where {f})" for f in filters)
    where = ""
    params: dict[str, object] = {}
    if table in PERIOD_COLUMN:
        where = f' where cast("{PERIOD_COLUMN[table]}" as date) between $ps and $pe'
        params = {"ps": window[0], "pe": window[1]}
    row = con.execute(f'select count(*), {aggregates} from "{table}"{where}', params).fetchone()
    return int(row[0]), [int(v) for v in row[1:]]


def rule_coverages(con: Any, rules: list[Rule], window: tuple[date, date]) -> dict[str, Coverage]:
    """Coverage of every rule over ``window`` (inclusive dates)."""
    allowed = schema_columns(con)
    requests: dict[str, list[tuple[str, list[str]]]] = {}
    unknown: dict[str, list[str]] = {}
    for rule in rules:
        for table, cols in _fields_by_table(rule).items():
            bad = [f"{table}.{c}" for c in cols if c not in allowed.get(table, set())]
            if bad:
                unknown.setdefault(rule.id, []).extend(bad)
            else:
                requests.setdefault(table, []).append((rule.id, cols))
    shares: dict[str, list[tuple[str, int, int]]] = {}
    for table, items in requests.items():
        n, present = _table_counts(con, table, [cols for _, cols in items], window)
        for (rule_id, _), ok in zip(items, present, strict=True):
            shares.setdefault(rule_id, []).append((table, n, ok))
    return {rule.id: _combine(rule, shares.get(rule.id, []), unknown.get(rule.id, []))
            for rule in rules}


def _combine(rule: Rule, counts: list[tuple[str, int, int]], unknown: list[str]) -> Coverage:
    first_table = rule.spec.required_fields[0].split(".")[0]
    n_rows = next((n for table, n, _ in counts if table == first_table), 0)
    ratios = [ok / n for _, n, ok in counts if n > 0]
    return Coverage(share=min(ratios) if ratios else None, n_rows=n_rows,
                    unknown_fields=tuple(unknown))

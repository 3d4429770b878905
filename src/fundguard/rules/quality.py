"""Rule-quality report: per rule hits, amount, coverage, degraded flag and, where ground-truth labels
exist (``<dir>/labels/*.parquet`` of the synthetic city), precision and recall against the labels of
the schemes the rule targets.  A hit matches a label of the rule's unit (line / settlement / entity);
labelled units the rule did not hit count as false negatives.  ``scheme_recall`` gives the union
recall of all rules targeting a scheme.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fundguard.db.sql_files import bind, sql_text
from fundguard.errors import NotFoundError
from fundguard.rules.catalog import Rule

LABEL_FILES = {
    "line_labels": "line_labels.parquet",
    "settlement_labels": "settlement_labels.parquet",
    "entity_labels": "entity_labels.parquet",
}


@dataclass(frozen=True)
class Labels:
    """Paths of the three label files (``labels/`` under a synthetic-city folder)."""

    line_labels: str
    settlement_labels: str
    entity_labels: str

    @classmethod
    def from_dir(cls, directory: Path) -> Labels:
        folder = directory / "labels" if (directory / "labels").is_dir() else directory
        paths = {k: folder / v for k, v in LABEL_FILES.items()}
        missing = [str(p) for p in paths.values() if not p.is_file()]
        if missing:
            raise NotFoundError(f"找不到标注文件: {', '.join(missing)}",
                                hint="标注由 `fundguard generate` 写入 <输出目录>/labels/。")
        return cls(**{k: str(v) for k, v in paths.items()})


def latest_run_id(con: Any, sql_dir: Path) -> str:
    row = con.execute(sql_text(sql_dir, "rules_support/latest_rule_run")).fetchone()
    if row is None:
        raise NotFoundError("尚无规则运行记录", hint="请先运行 `fundguard run nightly`。")
    return str(row[0])


def run_executions(con: Any, sql_dir: Path, run_id: str) -> dict[str, dict[str, Any]]:
    cur = con.execute(sql_text(sql_dir, "rules_support/run_executions"), {"run_id": run_id})
    names = [d[0] for d in cur.description]
    rows = {r[0]: dict(zip(names, r, strict=True)) for r in cur.fetchall()}
    if not rows:
        raise NotFoundError(f"运行 {run_id} 没有规则执行记录",
                            hint="用 `fundguard runs list` 查看运行编号。")
    return rows


def _unit_params(rule: Rule, run_id: str) -> dict[str, Any]:
    return {"rule_id": rule.id, "run_id": run_id, "hit_unit": rule.spec.hit_unit,
            "entity_type": rule.spec.entity_type or ""}


def hit_units(con: Any, sql_dir: Path, rule: Rule, run_id: str) -> set[tuple[str, str]]:
    text = sql_text(sql_dir, "rules_support/hit_units")
    return set(con.execute(text, bind(text, _unit_params(rule, run_id))).fetchall())


def label_units(con: Any, sql_dir: Path, rule: Rule, labels: Labels, window: tuple[Any, Any],
                schemes: list[str]) -> set[tuple[str, str]]:
    text = sql_text(sql_dir, "rules_support/label_units")
    params = {**_unit_params(rule, ""), **labels.__dict__, "schemes": schemes,
              "period_start": window[0], "period_end": window[1]}
    return set(con.execute(text, bind(text, params)).fetchall())


def _ratio(num: int, den: int) -> float | None:
    return round(num / den, 4) if den else None


def rule_quality(con: Any, sql_dir: Path, rules: list[Rule], run_id: str | None,
                 labels: Labels | None) -> list[dict[str, Any]]:
    """One row per rule of the run with its execution figures and, with labels, precision/recall."""
    run_id = run_id or latest_run_id(con, sql_dir)
    executions = run_executions(con, sql_dir, run_id)
    rows = []
    for rule in rules:
        ex = executions.get(rule.id)
        if ex is None:
            continue
        row = {"run_id": run_id, "rule_id": rule.id, "name": rule.spec.name,
               "result_type": rule.spec.result_type, "schemes": ",".join(rule.spec.schemes),
               **{k: ex[k] for k in ("outcome", "n_hits", "amount", "fund_amount", "coverage",
                                     "error")},
               "degraded": ex["outcome"] == "degraded"}
        if labels is not None and rule.spec.schemes:
            window = (ex["period_start"], ex["period_end"])
            hits = hit_units(con, sql_dir, rule, run_id)
            truth = label_units(con, sql_dir, rule, labels, window, rule.spec.schemes)
            row |= {"n_labelled": len(truth), "true_pos": len(hits & truth),
                    "precision": _ratio(len(hits & truth), len(hits)),
                    "recall": _ratio(len(hits & truth), len(truth))}
        rows.append(row)
    return rows


def scheme_recall(con: Any, sql_dir: Path, rules: list[Rule], run_id: str,
                  labels: Labels) -> list[dict[str, Any]]:
    """Per (scheme, hit unit): labelled units, units hit by any rule targeting it, union recall."""
    executions = run_executions(con, sql_dir, run_id)
    groups: dict[tuple[str, str], list[Rule]] = {}
    for rule in rules:
        if rule.id in executions:
            for scheme in rule.spec.schemes:
                groups.setdefault((scheme, rule.spec.hit_unit), []).append(rule)
    rows = []
    for (scheme, unit), members in sorted(groups.items()):
        ex = executions[members[0].id]
        window = (ex["period_start"], ex["period_end"])
        truth = label_units(con, sql_dir, members[0], labels, window, [scheme])
        hits: set[tuple[str, str]] = set()
        for rule in members:
            hits |= hit_units(con, sql_dir, rule, run_id)
        rows.append({"scheme": scheme, "hit_unit": unit, "rules": ",".join(r.id for r in members),
                     "n_labelled": len(truth), "true_pos": len(hits & truth),
                     "recall": _ratio(len(hits & truth), len(truth))})
    return rows

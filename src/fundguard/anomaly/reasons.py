"""Per-entity reasons in Chinese: the top contributing features with value, peer median, percentile.

Example: ``药占比 68%，同级同类机构中位数 31%，P99``.  A feature's contribution is its tail term
(``-log`` of the share of peers at least as extreme), so the reasons are exactly what drives the
transparent detector.  Rule findings, when present, add a leading reason.

The JSON of every entity is built with polars string expressions (a city has over a million
insured persons to explain each night); ``format_value`` evaluates the same expressions for one value.
Labels come from model.yaml, whose validation forbids quotes and backslashes in them.  Pure computation.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import numpy as np
import polars as pl

from fundguard.anomaly.spec import EntitySpec, FeatureSpec, ReasonSpec

RULE_FEATURE = "rule_findings"


def _fixed(v: pl.Expr, decimals: int) -> pl.Expr:
    """``v`` with exactly ``decimals`` decimals (half away from zero)."""
    scale = 10**decimals
    scaled = (v * scale).round(0).cast(pl.Int64)
    sign = pl.when(scaled < 0).then(pl.lit("-")).otherwise(pl.lit(""))
    whole = (scaled.abs() // scale).cast(pl.String)
    if decimals == 0:
        return pl.concat_str([sign, whole])
    frac = (scaled.abs() % scale).cast(pl.String).str.zfill(decimals)
    return pl.concat_str([sign, whole, pl.lit("."), frac])


def _display(v: pl.Expr, unit: str) -> pl.Expr:
    """How auditors read a value: ``68%``, ``5.5%``, ``12346 元``, ``5.3 天``, ``3``, ``1.23``."""
    if unit == "pct":
        pct = v * 100
        text = pl.when(pct.abs() < 10).then(_fixed(pct, 1)).otherwise(_fixed(pct, 0)) + "%"
    elif unit == "yuan":
        text = _fixed(v, 0) + " 元"
    elif unit == "days":
        text = _fixed(v, 1) + " 天"
    elif unit == "ratio":
        text = _fixed(v, 2)
    else:
        text = pl.when(v == v.round(0)).then(_fixed(v, 0)).otherwise(_fixed(v, 1))
    return pl.when(v.is_null() | v.is_nan()).then(pl.lit("缺失")).otherwise(text)


def format_value(value: float | None, unit: str) -> str:
    """One value formatted as in the reasons (same expressions)."""
    frame = pl.DataFrame({"v": [value]}, schema={"v": pl.Float64})
    return str(frame.select(_display(pl.col("v"), unit)).item())


def _percentile_label(pct: pl.Expr) -> pl.Expr:
    """``P`` + floor of the peer percentile, capped at 99 (the top entity reads P99)."""
    level = pl.min_horizontal((pct * 100 + 1e-9).floor(), pl.lit(99.0)).cast(pl.Int64)
    return pl.lit("P") + level.cast(pl.String)


def percentile_label(pct: float) -> str:
    return str(pl.select(_percentile_label(pl.lit(pct, dtype=pl.Float64))).item())


def _json_number(v: pl.Expr, decimals: int = 6) -> pl.Expr:
    return pl.when(v.is_null() | v.is_nan()).then(pl.lit("null")) \
        .otherwise(v.round(decimals).cast(pl.String))


def _by_unit(unit: pl.Expr, units: Sequence[str], make: Any) -> pl.Expr:
    expr = make(units[-1])
    for u in reversed(units[:-1]):
        expr = pl.when(unit == u).then(make(u)).otherwise(expr)
    return expr


def _slot_json(slot: int, features: list[FeatureSpec]) -> pl.Expr:
    """The reason JSON of the ``slot``-th top feature of each row (null when not kept)."""
    idx = pl.col(f"__top{slot}")
    val, med, pct = pl.col(f"__val{slot}"), pl.col(f"__med{slot}"), pl.col(f"__pct{slot}")
    name = idx.replace_strict({j: f.name for j, f in enumerate(features)}, return_dtype=pl.String)
    zh = idx.replace_strict({j: f.zh for j, f in enumerate(features)}, return_dtype=pl.String)
    unit = idx.replace_strict({j: f.unit for j, f in enumerate(features)}, return_dtype=pl.String)
    units = sorted({f.unit for f in features})
    text = pl.concat_str([
        zh, pl.lit(" "), _by_unit(unit, units, lambda u: _display(val, u)), pl.lit("，"),
        pl.col("peer_zh"), pl.lit("中位数 "), _by_unit(unit, units, lambda u: _display(med, u)),
        pl.lit("，"),
        _percentile_label(pct),
    ])
    obj = pl.concat_str([
        pl.lit('{"feature": "'), name, pl.lit('", "label_zh": "'), zh, pl.lit('", "value": '),
        _json_number(val), pl.lit(', "peer_median": '), _json_number(med),
        pl.lit(', "percentile": '), _json_number(pct * 100, 1), pl.lit(', "text_zh": "'), text,
        pl.lit('"}'),
    ])
    return pl.when(pl.col(f"__keep{slot}")).then(obj).otherwise(pl.lit(None, dtype=pl.String))


def _rule_json() -> pl.Expr:
    n = pl.col("n_findings").fill_null(0)
    amount = _fixed(pl.col("vola_amt").cast(pl.Float64).fill_null(0.0), 2)
    obj = pl.concat_str([
        pl.lit(f'{{"feature": "{RULE_FEATURE}", "label_zh": "规则疑点", "value": '),
        n.cast(pl.String), pl.lit(', "peer_median": null, "percentile": null, "text_zh": "规则疑点 '),
        n.cast(pl.String), pl.lit(" 条（明确违规 "),
        pl.col("n_findings_definite").fill_null(0).cast(pl.String), pl.lit(" 条），违规金额 "),
        amount, pl.lit(' 元"}'),
    ])
    return pl.when(n > 0).then(obj).otherwise(pl.lit(None, dtype=pl.String))


def top_feature_indices(contributions: np.ndarray, imputed: np.ndarray, top_k: int) -> np.ndarray:
    """Indices of the top-k contributing features per row (imputed features last)."""
    ranked = np.where(imputed, -1.0, contributions)
    k = min(top_k, ranked.shape[1])
    return np.argsort(-ranked, axis=1, kind="stable")[:, :k]


def _matrix(norm: pl.DataFrame, names: list[str], suffix: str) -> np.ndarray:
    return np.column_stack([norm[f"{f}{suffix}"].cast(pl.Float64).fill_null(float("nan"))
                            .to_numpy() for f in names])


def _slot_columns(norm: pl.DataFrame, entity: EntitySpec, contributions: np.ndarray,
                  spec: ReasonSpec) -> dict[str, np.ndarray]:
    """Per top-k slot: feature index, value, peer median, percentile and whether it is kept."""
    names = entity.feature_names
    imputed = np.column_stack([norm[f"{f}__imputed"].to_numpy() for f in names])
    top = top_feature_indices(contributions, imputed, spec.top_k)
    pct = np.take_along_axis(_matrix(norm, names, "__pct"), top, axis=1)
    keep = (np.take_along_axis(contributions, top, axis=1) > 0) & (pct * 100 >= spec.min_percentile)
    keep[:, 0] |= ~keep.any(axis=1)
    val = np.take_along_axis(_matrix(norm, names, ""), top, axis=1)
    med = np.take_along_axis(_matrix(norm, names, "__med"), top, axis=1)
    cols: dict[str, np.ndarray] = {}
    for s in range(top.shape[1]):
        cols.update({f"__top{s}": top[:, s], f"__val{s}": val[:, s], f"__med{s}": med[:, s],
                     f"__pct{s}": pct[:, s], f"__keep{s}": keep[:, s]})
    return cols


def reasons_json(norm: pl.DataFrame, entity: EntitySpec, contributions: np.ndarray,
                 spec: ReasonSpec) -> list[str]:
    """The reasons JSON string of every row of ``norm`` (same order), never empty.

    Top-k features by contribution, keeping those that contribute and sit at or above
    ``min_percentile`` in the peer group (the first one is always kept); a rule-findings reason
    leads when the entity has findings.
    """
    slots = _slot_columns(norm, entity, contributions, spec)
    k = len(slots) // 5
    base = norm.select("peer_zh", *[c for c in ("n_findings", "n_findings_definite", "vola_amt")
                                    if c in norm.columns])
    for c in ("n_findings", "n_findings_definite"):
        if c not in base.columns:
            base = base.with_columns(pl.lit(0).alias(c))
    if "vola_amt" not in base.columns:
        base = base.with_columns(pl.lit(0.0).alias("vola_amt"))
    frame = base.with_columns(**{name: pl.Series(values) for name, values in slots.items()})
    parts = pl.concat_str([_rule_json(), *[_slot_json(s, entity.features) for s in range(k)]],
                          separator=", ", ignore_nulls=True)
    joined = pl.concat_str([pl.lit("["), parts, pl.lit("]")])
    return frame.select(joined.alias("reasons"))["reasons"].to_list()


def feature_reason(feature: FeatureSpec, value: float, median: float, pct: float,
                   peer_zh: str) -> dict[str, object]:
    """One reason dict exactly as ``reasons_json`` writes it (for callers outside the batch)."""
    norm = pl.DataFrame({feature.name: [value], f"{feature.name}__med": [median],
                         f"{feature.name}__pct": [pct], f"{feature.name}__imputed": [False],
                         "peer_zh": [peer_zh]})
    entity = EntitySpec(sql="-", peer_levels=[], features=[feature])
    one = reasons_json(norm, entity, np.ones((1, 1)), ReasonSpec(top_k=1, min_percentile=0))
    return json.loads(one[0])[0]  # type: ignore[no-any-return]

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


def _feature_json(feature: FeatureSpec) -> pl.Expr:
    """The reason JSON of ``feature`` for rows holding its ``val``, ``med``, ``pct`` and ``peer_zh``."""
    val, med, pct = pl.col("val"), pl.col("med"), pl.col("pct")
    text = pl.concat_str([
        pl.lit(f"{feature.zh} "), _display(val, feature.unit), pl.lit("，"),
        pl.col("peer_zh"), pl.lit("中位数 "), _display(med, feature.unit), pl.lit("，"),
        _percentile_label(pct),
    ])
    return pl.concat_str([
        pl.lit(f'{{"feature": "{feature.name}", "label_zh": "{feature.zh}", "value": '),
        _json_number(val), pl.lit(', "peer_median": '), _json_number(med),
        pl.lit(', "percentile": '), _json_number(pct * 100, 1), pl.lit(', "text_zh": "'), text,
        pl.lit('"}'),
    ])


def _placed(n: int, rows: list[np.ndarray], values: list[pl.Series]) -> pl.Series:
    """A string column of ``n`` rows holding ``values[i]`` at ``rows[i]`` (null elsewhere)."""
    if not rows:
        return pl.Series([None] * n, dtype=pl.String)
    pos = np.full(n, -1, dtype=np.int64)
    pos[np.concatenate(rows)] = np.arange(sum(r.size for r in rows), dtype=np.int64)
    index = pl.select(pl.when(pl.lit(pos) >= 0).then(pl.lit(pos))).to_series()
    return pl.concat(values).gather(index)


def _slot_parts(slot: int, slots: dict[str, np.ndarray], peer_zh: pl.Series,
                features: list[FeatureSpec]) -> list[tuple[np.ndarray, pl.LazyFrame]]:
    """Per feature: the rows whose ``slot``-th kept reason it is, and their reason JSON (lazy).

    Rows are formatted per feature, so each value is formatted once, in its own unit.
    """
    top, keep = slots[f"__top{slot}"], slots[f"__keep{slot}"]
    parts = []
    for j, feature in enumerate(features):
        rows = np.flatnonzero(keep & (top == j))
        if rows.size == 0:
            continue
        frame = pl.DataFrame({"val": slots[f"__val{slot}"][rows], "med": slots[f"__med{slot}"][rows],
                              "pct": slots[f"__pct{slot}"][rows], "peer_zh": peer_zh.gather(rows)},
                             schema={"val": pl.Float64, "med": pl.Float64, "pct": pl.Float64,
                                     "peer_zh": pl.String})
        parts.append((rows, frame.lazy().select(_feature_json(feature).alias("json"))))
    return parts


def _rule_json() -> pl.Expr:
    n = pl.col("n_findings").fill_null(0)
    amount = _fixed(pl.col("vola_amt").cast(pl.Float64).fill_null(0.0), 2)
    return pl.concat_str([
        pl.lit(f'{{"feature": "{RULE_FEATURE}", "label_zh": "规则疑点", "value": '),
        n.cast(pl.String), pl.lit(', "peer_median": null, "percentile": null, "text_zh": "规则疑点 '),
        n.cast(pl.String), pl.lit(" 条（明确违规 "),
        pl.col("n_findings_definite").fill_null(0).cast(pl.String), pl.lit(" 条），违规金额 "),
        amount, pl.lit(' 元"}'),
    ])


def _rule_part(norm: pl.DataFrame) -> list[tuple[np.ndarray, pl.LazyFrame]]:
    """The rows with rule findings and their rule-findings reason JSON (lazy)."""
    if "n_findings" not in norm.columns:
        return []
    rows = np.flatnonzero(norm["n_findings"].fill_null(0).to_numpy() > 0)
    if rows.size == 0:
        return []
    frame = norm.select(
        "n_findings",
        pl.col("n_findings_definite") if "n_findings_definite" in norm.columns else pl.lit(0)
        .alias("n_findings_definite"),
        pl.col("vola_amt") if "vola_amt" in norm.columns else pl.lit(0.0).alias("vola_amt"),
    )[rows]
    return [(rows, frame.lazy().select(_rule_json().alias("json")))]


def top_feature_indices(contributions: np.ndarray, imputed: np.ndarray, top_k: int) -> np.ndarray:
    """Indices of the top-k contributing features per row (imputed features last)."""
    ranked = np.where(imputed, -1.0, contributions)
    k = min(top_k, ranked.shape[1])
    if np.isnan(ranked).any():
        return np.argsort(-ranked, axis=1, kind="stable")[:, :k]
    # k passes of argmax: the first maximum of a row is what a stable descending sort puts first
    # (ties by feature order), at a fraction of the cost of sorting every row
    rows = np.arange(ranked.shape[0])
    top = np.empty((ranked.shape[0], k), dtype=np.intp)
    for s in range(k):
        top[:, s] = np.argmax(ranked, axis=1)
        ranked[rows, top[:, s]] = -np.inf
    return top


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
                 spec: ReasonSpec) -> pl.Series:
    """The reasons JSON string of every row of ``norm`` (same order), never empty.

    Top-k features by contribution, keeping those that contribute and sit at or above
    ``min_percentile`` in the peer group (the first one is always kept); a rule-findings reason
    leads when the entity has findings.  Only the kept reasons are formatted (in parallel).
    """
    slots = _slot_columns(norm, entity, contributions, spec)
    k = len(slots) // 5
    groups = [_rule_part(norm)] + [_slot_parts(s, slots, norm["peer_zh"], entity.features)
                                   for s in range(k)]
    computed = iter(pl.collect_all([lazy for group in groups for _, lazy in group]))
    columns = [_placed(norm.height, [rows for rows, _ in group],
                       [next(computed)["json"] for _ in group]).alias(f"__part{i}")
               for i, group in enumerate(groups)]
    joined = pl.concat_str([pl.lit("["), pl.concat_str(columns, separator=", ", ignore_nulls=True),
                            pl.lit("]")])
    return pl.select(joined.alias("reasons"))["reasons"]


def feature_reason(feature: FeatureSpec, value: float, median: float, pct: float,
                   peer_zh: str) -> dict[str, object]:
    """One reason dict exactly as ``reasons_json`` writes it (for callers outside the batch)."""
    norm = pl.DataFrame({feature.name: [value], f"{feature.name}__med": [median],
                         f"{feature.name}__pct": [pct], f"{feature.name}__imputed": [False],
                         "peer_zh": [peer_zh]})
    entity = EntitySpec(sql="-", peer_levels=[], features=[feature])
    one = reasons_json(norm, entity, np.ones((1, 1)), ReasonSpec(top_k=1, min_percentile=0))
    return json.loads(one[0])[0]  # type: ignore[no-any-return]

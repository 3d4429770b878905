"""Day-level schemes: extra labelled lines on chosen settlements, header edits, extra visits."""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl

from fundguard.synth.day import DayContext, DayLines

INPATIENT = ["21", "24", "28", "52"]
OUTPATIENT = ["11", "13", "14"]
# scheme -> (eligible med types, extra condition on person/institution, [(item code, cnt, prd_days,
#            minutes after begin, price factor, labelled?)], line dept override)
LINE_SCHEMES: dict[str, tuple[list[str], Any, list[tuple], str | None]] = {
    "sex_restricted_item": (OUTPATIENT, "sex", [], None),
    "age_restricted_item": (["11"], pl.col("age_days") > 6000, [("XR05XAA010A001010100016", 1, 3, 2, None, True)], None),
    "visit_type_restricted_item": (OUTPATIENT, None, [("XJ01DDA620A001020100017", 2, None, 3, None, True)], None),
    "level_restricted_item": (["11"], pl.col("medins_lv").is_in(["1", "0"]),
                              [("XL01CDA010A001020100018", 1, None, 3, None, True)], None),
    "insutype_restricted_item": (INPATIENT, None, [("XH01BBA020A001020100019", 1, None, 60, None, True)], None),
    "indication_restricted_item": (INPATIENT, None, [("XB05AAA010A001020100020", 2, None, 90, None, True)], None),
    "dept_restricted_item": (INPATIENT, None, [("340200001000000", 1, None, 120, None, True)], "NK"),
    "over_max_days": (["14", "41"], None, [("XA10BAA020A001010100007", 6, 90, 1, None, True)], None),
    "over_max_qty": (["14", "41"], None, [("XV03AFA010A001010100021", 10, 30, 1, None, True)], None),
    "price_over_cap": (OUTPATIENT, None, [("250305001000000", 1, None, 2, 1.3, True)], None),
    "duplicate_charge": (INPATIENT, None, [("330100003000000", 1, None, 1500, None, False),
                                          ("330100015000000", 1, None, 1510, None, True)], None),
    "item_consumable_duplicate": (INPATIENT, None, [("C0303051010010000003", 1, None, 1460, None, True)], None),
    "unbundled_charge": (OUTPATIENT, None, [("250101002000000", 1, None, 4, None, True),
                                          ("250101003000000", 1, None, 4, None, True),
                                          ("250101004000000", 1, None, 4, None, True)], None),
    "frequency_over_limit": (INPATIENT, None, [("340200013000000", 1, None, 1980, None, False),
                                             ("340200013000000", 1, None, 2220, None, True)], "KF"),
    "period_frequency_over_limit": (INPATIENT, None, [("250301003000000", 1, None, 30, None, False),
                                                     ("250301003000000", 1, None, 2900, None, True)], None),
    "fee_outside_stay": (INPATIENT, None, [("250307001000000", 1, None, -1500, None, True)], None),
    "surgery_discount_missing": (INPATIENT, pl.col("main_diag_code").str.slice(0, 3).is_in(["K80", "K35", "I25", "S72"]),
                                 [("331501001000000", 1, None, 1440, None, True)], None),
}
SEX_ITEMS = {"1": "250203025000000", "2": "250404023000000"}
DAY_ANCHORED = {"frequency_over_limit"}
"""Schemes whose minutes count from midnight of the admission day, not from admission: a per-day
limit is only broken when both lines fall on the same calendar day (lines 25 h and 29 h after an
evening admission would straddle midnight and break no limit, yet be labelled)."""


def _lookup_series(ctx: DayContext) -> dict[str, pl.Series]:
    """Per-person and per-institution attributes as Series indexed by idx (built once per run)."""
    if "lookup" not in ctx.state:
        insured, inst = ctx.world.insured, ctx.world.institutions
        ctx.state["lookup"] = {
            "gend": insured["gend"], "brdy": insured["brdy"], "psn_district": insured["district"].cast(pl.Int64),
            "medins_lv": inst["medins_lv"], "inst_district": inst["district"].cast(pl.Int64)}
    return ctx.state["lookup"]


def enriched(ctx: DayContext, heads: pl.DataFrame) -> pl.DataFrame:
    """Headers with the person's sex, birth date, district and the institution's level (gathers by
    index: a join against the whole population per scheme and day would dominate the run time).
    The added columns depend on person, institution and visit time only: memoised per day while the
    headers keep their rows."""
    key = (heads.height, heads["psn"].sum(), heads["inst"].sum())
    memo = ctx.cache.get("enriched")
    if memo is None or memo[0] != key:
        look = _lookup_series(ctx)
        psn, inst = heads["psn"], heads["inst"]
        brdy = look["brdy"].gather(psn)
        extra = pl.DataFrame([
            look["gend"].gather(psn).alias("gend"), brdy.alias("brdy"),
            look["psn_district"].gather(psn).alias("psn_district"),
            look["medins_lv"].gather(inst).alias("medins_lv"),
            look["inst_district"].gather(inst).alias("inst_district"),
            (heads["begntime"].cast(pl.Date) - brdy).dt.total_days().alias("age_days")])
        memo = ctx.cache["enriched"] = (key, extra)
    extra = memo[1]
    return heads.drop([c for c in extra.columns if c in heads.columns]).hstack(extra)


def _unlabelled(ctx: DayContext, heads: pl.DataFrame) -> pl.DataFrame:
    """Enriched headers of clean visits: extra visits of other schemes ("X" ids) and labelled
    settlements stay as they are (their labels must stay exact).  Memoised while the headers and
    their labels are unchanged (the line schemes only add lines)."""
    labelled = heads["setl_scheme"].null_count() if "setl_scheme" in heads.columns else -1
    key = (heads.height, heads["psn"].sum(), heads["inst"].sum(), labelled)
    memo = ctx.cache.get("unlabelled")
    if memo is None or memo[0] != key:
        rich = enriched(ctx, heads).filter(~pl.col("setl_id").str.contains("X"))
        if "setl_scheme" in rich.columns:
            rich = rich.filter(pl.col("setl_scheme").is_null())
        memo = ctx.cache["unlabelled"] = (key, rich)
    return memo[1]


def _chosen(ctx: DayContext, heads: pl.DataFrame, scheme: str, med_types: list[str], extra) -> pl.DataFrame:
    rich = _unlabelled(ctx, heads).filter(pl.col("med_type").is_in(med_types))
    if isinstance(extra, pl.Expr):
        rich = rich.filter(extra)
    keep = ctx.rng.random(rich.height) < ctx.prevalence(scheme)
    return rich.filter(pl.Series(keep, dtype=pl.Boolean)).sort("setl_id")


def _new_lines(ctx: DayContext, chosen: pl.DataFrame, scheme: str, spec: list, dept: str | None,
               codes: pl.Series | None = None) -> pl.DataFrame:
    catalog = ctx.world.catalog
    item_of = dict(zip(catalog["hilist_code"].to_list(), catalog["item"].to_list(), strict=True))
    price_of = catalog["price_fen"].to_numpy()
    parts = []
    for k, (code, cnt, prd, minutes, factor, labelled) in enumerate(spec):
        item = (codes.replace_strict(item_of, return_dtype=pl.Int64).to_numpy() if codes is not None
                else np.full(chosen.height, item_of[code], dtype=np.int64))
        start = pl.col("begntime").dt.truncate("1d") if scheme in DAY_ANCHORED else pl.col("begntime")
        shifted = start + pl.duration(minutes=minutes)
        price = (pl.Series(np.ceil(price_of[item] * factor).astype(np.int64) + 1) if factor
                 else pl.repeat(None, chosen.height, dtype=pl.Int64, eager=True))
        parts.append(chosen.select("setl_id", "dr", fee_ocur_time=pl.min_horizontal(shifted, pl.coalesce("endtime", shifted)))
                     .with_columns(item=pl.Series(item), cnt=pl.lit(cnt, dtype=pl.Int64),
                                   prd_days=pl.lit(prd, dtype=pl.Int32), seq_hint=pl.lit(k, dtype=pl.Int64),
                                   dept=pl.lit(dept, dtype=pl.String),
                                   scheme=pl.lit(scheme if labelled else None, dtype=pl.String), pric_fen=price))
    return pl.concat(parts) if parts else pl.DataFrame()


def line_scheme(name: str):
    med_types, extra, spec, dept = LINE_SCHEMES[name]

    def apply(ctx: DayContext, heads: pl.DataFrame, lines: DayLines) -> pl.DataFrame:
        chosen = _chosen(ctx, heads, name, med_types, extra)
        if chosen.height == 0:
            return heads
        if name == "sex_restricted_item":
            codes = chosen["gend"].replace_strict(SEX_ITEMS)
            lines.add(_new_lines(ctx, chosen, name, [("", 1, None, 2, None, True)], dept, codes))
        else:
            lines.add(_new_lines(ctx, chosen, name, spec, dept))
        return heads

    return apply


def header_scheme(name: str):
    """Settlement-level edits: wrong-sex/age diagnosis, late upload, missing main diagnosis."""

    def apply(ctx: DayContext, heads: pl.DataFrame, lines: DayLines) -> pl.DataFrame:
        if "setl_scheme" not in heads.columns:
            heads = heads.with_columns(setl_scheme=pl.lit(None, dtype=pl.String))
        rich = enriched(ctx, heads)
        eligible = pl.col("setl_scheme").is_null() & ~pl.col("setl_id").str.contains("X") & pl.col("med_type").is_in(
            INPATIENT if name == "incomplete_settlement" else OUTPATIENT + INPATIENT)
        if name == "diagnosis_age_mismatch":
            eligible = eligible & (pl.col("age_days") > 365)
        hit = eligible & pl.Series(ctx.rng.random(heads.height) < ctx.prevalence(name))
        edits = {"diagnosis_sex_mismatch": pl.when(pl.col("gend") == "1").then(pl.lit("O80.x00")).otherwise(pl.lit("N40.x00")),
                 "diagnosis_age_mismatch": pl.lit("P07.300"), "incomplete_settlement": pl.lit(None, dtype=pl.String)}
        rich = rich.with_columns(_hit=hit)
        out = rich.with_columns(setl_scheme=pl.when("_hit").then(pl.lit(name)).otherwise("setl_scheme"))
        if name == "late_upload":
            hours = pl.Series((ctx.rng.integers(30, 200, heads.height)).astype(np.int64))
            out = out.with_columns(upload_time=pl.when("_hit").then(pl.col("setl_time") + pl.duration(hours=pl.lit(hours)))
                                   .otherwise("upload_time"))
        else:
            out = out.with_columns(main_diag_code=pl.when("_hit").then(edits[name]).otherwise("main_diag_code"))
        return out.select(heads.columns)

    return apply


def swap_scheme(swappers: list[str]):
    """Daily goods sold at swapping pharmacies billed as a catalog drug with a round amount."""
    from fundguard.synth.schemes import SWAP_DRUG

    def apply(ctx: DayContext, heads: pl.DataFrame, lines: DayLines) -> pl.DataFrame:
        codes = ctx.world.institutions.filter(pl.col("fixmedins_code").is_in(swappers))["idx"].to_list()
        chosen = heads.filter(pl.col("inst").is_in(codes) & (pl.col("med_type") == "41")).sort("setl_id")
        chosen = chosen.filter(pl.Series(ctx.rng.random(chosen.height) < 0.3, dtype=pl.Boolean))
        if chosen.height:
            lines.add(_new_lines(ctx, chosen, "pharmacy_goods_swap", [(SWAP_DRUG, 4, 7, 1, None, True)], None))
        return heads

    return apply


def duplicate_prescribing(ctx: DayContext, heads: pl.DataFrame, lines: DayLines) -> pl.DataFrame:
    """A chronic patient buys the same drug again at a pharmacy the same day (supplies overlap)."""
    from fundguard.synth.schemes_visits import pharmacies_near, visits

    chronic = heads.filter(pl.col("med_type") == "14").sort("setl_id")
    chronic = chronic.filter(pl.Series(ctx.rng.random(chronic.height) < ctx.prevalence("duplicate_prescribing") * 5,
                                       dtype=pl.Boolean))
    drugs = lines.where(pl.col("setl_id").is_in(chronic["setl_id"].implode()) & pl.col("prd_days").is_not_null())
    first = drugs.sort("setl_id", "item").group_by("setl_id", maintain_order=True).first()
    chronic = chronic.join(first.select("setl_id", drug="item"), on="setl_id").sort("setl_id")
    if chronic.height == 0:
        return heads
    persons = chronic["psn"].to_numpy()
    head, _ = visits(ctx, "pharmacy", persons, "duplicate_prescribing", inst=pharmacies_near(ctx, persons), hour=21)
    new = head.select("setl_id", "dr", fee_ocur_time="begntime").with_columns(
        item=chronic["drug"], cnt=pl.lit(2, dtype=pl.Int64), prd_days=pl.lit(28, dtype=pl.Int32),
        scheme=pl.lit("duplicate_prescribing"))
    lines.add(new)
    return pl.concat([heads, head], how="diagonal_relaxed")

"""Catalog, price caps and knowledge points as frames (from catalog_data), plus item pools by role."""

from __future__ import annotations

import datetime as dt

import polars as pl

from fundguard.synth.catalog_data import ITEMS, KNOWLEDGE_POINTS

CATALOG_BEGIN = dt.date(2024, 1, 1)
CAP_BEGIN = dt.date(2025, 1, 1)
# Service caps per institution level = standard (三级) price x factor; clean care bills exactly the cap
# of its institution's level (level_price_fen), never more.
CAP_FACTORS = {"3": 1.0, "2": 0.92, "1": 0.85, "0": 0.85}
KP_COLUMNS = ["kp_id", "kp_type", "hilist_code", "related_codes", "sex", "min_age_days",
              "max_age_days", "med_types", "min_medins_lv", "insutypes", "dise_prefixes", "dept_codes",
              "max_days", "max_qty", "max_count", "period_days", "remark"]


def catalog_frame() -> pl.DataFrame:
    """Catalog items with the internal ``price_fen`` (standard price) and ``role`` columns."""
    cols = ["hilist_code", "hilist_name", "list_type", "med_chrgitm_type", "chrgitm_lv", "drug_class",
            "dosform", "unit", "price_fen", "is_surgery", "role"]
    frame = pl.DataFrame(ITEMS, schema=cols, orient="row")
    remarks = {kp[2]: kp[16] for kp in KNOWLEDGE_POINTS if not kp[1].startswith("DX_")}
    return frame.with_columns(
        begndate=pl.lit(CATALOG_BEGIN), enddate=pl.lit(None, dtype=pl.Date),
        remark=pl.col("hilist_code").replace_strict(remarks, default=None),
    ).with_row_index("item").with_columns(pl.col("item").cast(pl.Int64))


def price_cap_frame(catalog: pl.DataFrame) -> pl.DataFrame:
    """Drugs and consumables: one cap for all levels (*); services: a cap per institution level."""
    is_service = pl.col("list_type") == "201"
    services = catalog.filter(is_service).join(
        pl.DataFrame({"medins_lv": list(CAP_FACTORS), "factor": list(CAP_FACTORS.values())}), how="cross")
    others = catalog.filter(~is_service).with_columns(medins_lv=pl.lit("*"), factor=pl.lit(1.0))
    return pl.concat([services, others]).select(
        "hilist_code", "medins_lv", begndate=pl.lit(CAP_BEGIN), enddate=pl.lit(None, dtype=pl.Date),
        cap_fen=level_price_fen(pl.col("price_fen"), pl.col("factor")),
    ).sort("hilist_code", "medins_lv")


def level_price_fen(price_fen: pl.Expr, factor: pl.Expr) -> pl.Expr:
    """The price (and cap) of an item at a level: one rounding rule for both, so price == cap."""
    return (price_fen * factor).round().cast(pl.Int64)


def knowledge_point_frame() -> pl.DataFrame:
    frame = pl.DataFrame(KNOWLEDGE_POINTS, schema=KP_COLUMNS, orient="row", infer_schema_length=None)
    return frame.with_columns(begndate=pl.lit(CAP_BEGIN), enddate=pl.lit(None, dtype=pl.Date))


def item_codes(catalog: pl.DataFrame, role: str) -> list[str]:
    return catalog.filter(pl.col("role") == role)["hilist_code"].to_list()


def kp_item(kp_id: str) -> tuple:
    """The knowledge point row (tuple as in catalog_data) with this id."""
    return next(kp for kp in KNOWLEDGE_POINTS if kp[0] == kp_id)

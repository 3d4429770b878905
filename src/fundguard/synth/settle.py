"""Turn a day's internal frames into canonical settlement and fee_line columns (money in fen)."""

from __future__ import annotations

import polars as pl

from fundguard.synth.reference import CAP_FACTORS, level_price_fen
from fundguard.synth.world import World

LETTER_DIGIT = {"O": "1", "E": "2", "C": "3", "P": "4", "I": "5", "X": "6", "Y": "7", "Z": "8"}
# (insutype, inpatient?) -> fund share of the in-scope amount
FUND_SHARE = {("310", True): 0.85, ("310", False): 0.6, ("390", True): 0.7, ("390", False): 0.5}
LINE_OPTIONAL = {"pric_fen": pl.Int64, "dept": pl.String, "trace": pl.String, "seq_hint": pl.Int64,
                 "scheme": pl.String}


def _with_optional(lines: pl.DataFrame) -> pl.DataFrame:
    missing = {c: pl.lit(None, dtype=t) for c, t in LINE_OPTIONAL.items() if c not in lines.columns}
    return lines.with_columns(**missing) if missing else lines


def _take(source: pl.DataFrame, index: pl.Series, columns: dict[str, str]) -> list[pl.Series]:
    """Columns of ``source`` (whose row position is its ``idx``) at ``index``: an indexed gather
    instead of a join against the whole population, institution or staff list."""
    return [source[src].gather(index).alias(name) for name, src in columns.items()]


def fee_lines(world: World, settlements: pl.DataFrame, lines: pl.DataFrame) -> pl.DataFrame:
    """Canonical fee lines: standard prices unless a scheme set one, numbered within each settlement."""
    head = settlements.select("setl_id", "mdtrt_id", "psn", "inst", "med_type")
    head = head.with_columns(*_take(world.institutions, head["inst"], {"medins_lv": "medins_lv"}))
    lines = _with_optional(lines)
    out = lines.with_columns(
        *_take(world.catalog, lines["item"], {"hilist_code": "hilist_code", "price_fen": "price_fen",
                                              "list_type": "list_type"}),
        *_take(world.staff, lines["dr"], {"bilg_dr_codg": "psn_code", "staff_dept": "dept_code"}),
    ).join(head, on="setl_id")
    factor = pl.when(pl.col("list_type") == "201").then(
        pl.col("medins_lv").replace_strict(CAP_FACTORS, default=1.0, return_dtype=pl.Float64)).otherwise(1.0)
    out = out.with_columns(price_fen=level_price_fen(pl.col("price_fen"), factor))
    # A total order (ties broken by every line attribute) keeps feedetl_sn independent of threads.
    out = out.sort("setl_id", "fee_ocur_time", "item", "seq_hint", "cnt", "pric_fen", "prd_days", "trace", "scheme",
                   "dr", "dept", nulls_last=True, maintain_order=True).with_columns(
        line_no=pl.int_range(1, pl.len() + 1).over("setl_id"))
    trace = pl.concat_str(pl.lit("8"), pl.col("setl_id").str.slice(1, 8),
                          pl.col("setl_id").str.slice(9, 1).replace_strict(LETTER_DIGIT, default="9"),
                          pl.col("setl_id").str.slice(10, 7), pl.col("line_no").cast(pl.String).str.zfill(3))
    is_sold_drug = (pl.col("med_type") == "41") & pl.col("list_type").is_in(["101", "102"])
    pric = pl.coalesce("pric_fen", "price_fen")
    return out.with_columns(
        feedetl_sn=pl.col("line_no").cast(pl.String).str.zfill(4),
        med_list_codg=pl.col("hilist_code"),
        pric_fen=pric, det_fen=pric * pl.col("cnt"),
        bilg_dept_codg=pl.coalesce("dept", "staff_dept"),
        drug_trac_codg=pl.coalesce("trace", pl.when(is_sold_drug).then(trace)),
    )


def canonical_lines(world: World, lines: pl.DataFrame) -> pl.DataFrame:
    """Canonical fee_line columns (amounts still in fen: pric_fen, det_fen, cnt)."""
    out = lines.with_columns(*_take(world.insured, lines["psn"], {"psn_no": "psn_no"}),
                             *_take(world.institutions, lines["inst"], {"fixmedins_code": "fixmedins_code"}))
    return out.with_columns(
        medins_list_codg=pl.concat_str(pl.lit("YN"), pl.col("item").cast(pl.String).str.zfill(5)),
        orders_dr_code=pl.col("bilg_dr_codg"),
        rxno=pl.when(pl.col("list_type").is_in(["101", "102"]))
        .then(pl.concat_str(pl.lit("RX"), pl.col("setl_id").str.slice(1))),
    ).select("setl_id", "feedetl_sn", "mdtrt_id", "psn_no", "fixmedins_code", "med_list_codg",
             "medins_list_codg", "fee_ocur_time", "pric_fen", "cnt", "det_fen", "bilg_dept_codg",
             "bilg_dr_codg", "orders_dr_code", "rxno", "prd_days", "drug_trac_codg", "scheme")


def canonical_settlements(world: World, settlements: pl.DataFrame, lines: pl.DataFrame) -> pl.DataFrame:
    """Headers with totals equal to the sum of their lines and a consistent fund/person split."""
    totals = lines.group_by("setl_id").agg(medfee_fen=pl.col("det_fen").sum())
    if "setl_scheme" not in settlements.columns:
        settlements = settlements.with_columns(setl_scheme=pl.lit(None, dtype=pl.String))
    out = settlements.with_columns(
        *_take(world.insured, settlements["psn"], {"psn_no": "psn_no", "insutype": "insutype"}),
        *_take(world.institutions, settlements["inst"], {"fixmedins_code": "fixmedins_code"}),
        *_take(world.staff, settlements["dr"], {"dr_codg": "psn_code", "dept": "dept_code"}))
    out = out.join(totals, on="setl_id", how="left").with_columns(pl.col("medfee_fen").fill_null(0))
    inpatient = pl.col("med_type").is_in(["21", "24", "28", "52"])
    share = (pl.when(pl.col("insutype") == "310").then(pl.when(inpatient).then(0.85).otherwise(0.6))
             .otherwise(pl.when(inpatient).then(0.7).otherwise(0.5)))
    fund = (pl.col("medfee_fen") * share).floor().cast(pl.Int64)
    out = out.with_columns(fund_fen=fund).with_columns(
        part_fen=pl.col("medfee_fen") - pl.col("fund_fen"))
    acct = pl.when((pl.col("insutype") == "310") & ~inpatient).then(pl.col("part_fen")).otherwise(0)
    return out.with_columns(
        adm_dept_codg=pl.when(inpatient).then(pl.col("dept")), dscg_dept_codg=pl.when(inpatient).then(pl.col("dept")),
        other_diag_codes=pl.lit(None, dtype=pl.String), readm_plan_flag=pl.lit(False),
        fulamt_ownpay_fen=pl.lit(0, dtype=pl.Int64), inscp_scp_fen=pl.col("medfee_fen"),
        hifp_fen=pl.col("fund_fen"), acct_fen=acct, cash_fen=pl.col("part_fen") - acct,
        refd_setl_flag=pl.lit(False),
    ).select("setl_id", "mdtrt_id", "psn_no", "fixmedins_code", "insutype", "med_type", "begntime",
             "endtime", "adm_dept_codg", "dscg_dept_codg", "dr_codg", "main_diag_code", "other_diag_codes",
             "er_flag", "readm_plan_flag", "medfee_fen", "fulamt_ownpay_fen", "inscp_scp_fen", "hifp_fen",
             "fund_fen", "part_fen", "acct_fen", "cash_fen", "setl_time", "upload_time", "out_setl_flag",
             "refd_setl_flag", "setl_scheme").sort("setl_id")

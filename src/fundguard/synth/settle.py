"""Turn a day's internal frames into canonical settlement and fee_line columns (money in fen)."""

from __future__ import annotations

import numpy as np
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


LEVELS = list(CAP_FACTORS)


def _item_tables(world: World) -> dict[str, pl.Series]:
    """Per catalog item: its code, in-hospital code, list type, and the price at each institution
    level (services: the level's cap, others the standard price), indexed by item * len(LEVELS) + level."""
    if "items" not in world.memo:
        catalog = world.catalog.sort("item")
        per_level = catalog.select("item", "price_fen", "list_type").join(
            pl.DataFrame({"lv_no": range(len(LEVELS)), "factor": list(CAP_FACTORS.values())}), how="cross")
        factor = pl.when(pl.col("list_type") == "201").then(pl.col("factor")).otherwise(1.0)
        prices = per_level.sort("item", "lv_no").select(level_price_fen(pl.col("price_fen"), factor))
        world.memo["items"] = {
            "hilist_code": catalog["hilist_code"], "list_type": catalog["list_type"],
            "medins_list_codg": catalog.select(pl.concat_str(
                pl.lit("YN"), pl.col("item").cast(pl.String).str.zfill(5)).alias("code")).to_series(),
            "price": prices.to_series(), "drug": catalog["list_type"].is_in(["101", "102"])}
    return world.memo["items"]


def _numbers(width: int, n: int) -> pl.Series:
    """``1..n`` as zero-padded text (str.zfill(width)), to gather instead of formatting every line."""
    return pl.Series(np.arange(1, n + 1)).cast(pl.String).str.zfill(width)


_SN = {4: _numbers(4, 20_000), 3: _numbers(3, 20_000)}


def _line_numbers(rank: np.ndarray) -> np.ndarray:
    """1-based position of each row within its run of equal ``rank`` (rows sorted by rank)."""
    n = rank.size
    if n == 0:
        return rank.astype(np.int64)
    starts = np.flatnonzero(np.r_[True, rank[1:] != rank[:-1]])
    first = np.repeat(starts, np.diff(np.r_[starts, n]))
    return np.arange(n, dtype=np.int64) - first + 1


def _text_numbers(numbers: np.ndarray, width: int) -> pl.Series:
    table = _SN[width]
    if numbers.size and numbers.max() > table.len():
        return pl.Series(numbers).cast(pl.String).str.zfill(width)
    return table.gather(pl.Series(numbers - 1))


def _line_order(rank: np.ndarray, time_us: np.ndarray, item: np.ndarray, hint: np.ndarray) -> np.ndarray:
    """Stable order of lines by settlement, fee time (to the second), item and scheme hint (missing
    last).  The input order is deterministic, so a stable sort keeps feedetl_sn independent of
    threads.  The keys are packed into one int64 when they fit (one argsort instead of a 4-key sort)."""
    if rank.size == 0:
        return np.arange(0)
    hint = np.where(np.isnan(hint), -1, hint).astype(np.int64) if hint.dtype.kind == "f" else hint.astype(np.int64)
    hint = np.where(hint < 0, hint.max(initial=0) + 1, hint)
    seconds = time_us // 1_000_000
    seconds = seconds - seconds.min()
    keys = [(rank.astype(np.int64), int(rank.max())), (seconds, int(seconds.max())),
            (item.astype(np.int64), int(item.max())), (hint, int(hint.max()))]
    bits = [max(1, top.bit_length()) for _, top in keys]
    if sum(bits) > 62 or min(int(k.min()) for k, _ in keys) < 0:
        return np.lexsort((hint, item, time_us, rank))
    packed = np.zeros(rank.size, dtype=np.int64)
    for (values, _), width in zip(keys, bits, strict=True):
        packed = (packed << width) | values
    return np.argsort(packed, kind="stable")


def canonical_lines(world: World, settlements: pl.DataFrame, lines: pl.DataFrame) -> pl.DataFrame:
    """Canonical fee_line columns (amounts still in fen: pric_fen, det_fen, cnt): standard prices
    (the cap of the institution's level) unless a scheme set one, numbered within each settlement.

    Work per line is kept to gathers from per-settlement and per-item tables; strings are built once
    per settlement (or item) and only gathered per line."""
    head = settlements.select("setl_id", "mdtrt_id", "psn", "inst", "med_type").sort("setl_id")
    setl_id = head["setl_id"]
    letter = setl_id.str.slice(9, 1).replace_strict(LETTER_DIGIT, default="9")
    head = head.with_columns(
        *_take(world.insured, head["psn"], {"psn_no": "psn_no"}),
        *_take(world.institutions, head["inst"], {"fixmedins_code": "fixmedins_code", "medins_lv": "medins_lv"}),
        pl.concat_str(pl.lit("RX"), pl.col("setl_id").str.slice(1)).alias("rx_prefix"),
        pl.concat_str(pl.lit("8"), pl.col("setl_id").str.slice(1, 8), letter,
                      pl.col("setl_id").str.slice(10, 7)).alias("trace_prefix"),
    ).with_columns(lv_no=pl.col("medins_lv").replace_strict(
        {lv: k for k, lv in enumerate(LEVELS)}, default=0, return_dtype=pl.Int64))
    lines = _with_optional(lines)
    rank = setl_id.search_sorted(lines["setl_id"], side="left").cast(pl.Int64)
    if lines.height and not (setl_id.gather(rank.clip(0, setl_id.len() - 1)) == lines["setl_id"]).all():
        raise ValueError("synth: a fee line without its settlement header")
    order = _line_order(rank.to_numpy(), lines["fee_ocur_time"].dt.epoch("us").to_numpy(),
                        lines["item"].to_numpy(), lines["seq_hint"].to_numpy())
    lines = lines.with_columns(setl_rank=rank)[order]
    rank, item = lines["setl_rank"], lines["item"]
    line_no = _line_numbers(rank.to_numpy())
    items = _item_tables(world)
    price = items["price"].to_numpy()[item.to_numpy() * len(LEVELS) + head["lv_no"].to_numpy()[rank.to_numpy()]]
    sold = ((head["med_type"].gather(rank) == "41") & items["drug"].gather(item)).to_numpy()
    own_trace = pl.repeat(None, lines.height, dtype=pl.String, eager=True)
    if sold.any():
        where = np.flatnonzero(sold)
        own_trace = own_trace.scatter(where, head["trace_prefix"].gather(rank.gather(where))
                                      + _text_numbers(line_no[where], 3))
    dr_code = world.staff["psn_code"].gather(lines["dr"])
    frame = pl.DataFrame([
        lines["setl_id"], _text_numbers(line_no, 4).alias("feedetl_sn"),
        head["mdtrt_id"].gather(rank), head["psn_no"].gather(rank), head["fixmedins_code"].gather(rank),
        items["hilist_code"].gather(item).alias("med_list_codg"),
        items["medins_list_codg"].gather(item).alias("medins_list_codg"),
        lines["fee_ocur_time"], lines["pric_fen"].fill_null(pl.Series(price)), lines["cnt"],
        lines["dept"].fill_null(world.staff["dept_code"].gather(lines["dr"])).alias("bilg_dept_codg"),
        dr_code.alias("bilg_dr_codg"), dr_code.alias("orders_dr_code"),
        head["rx_prefix"].gather(rank).alias("rxno"), items["drug"].gather(item).alias("drug"),
        lines["prd_days"], lines["trace"].fill_null(own_trace).alias("drug_trac_codg"), lines["scheme"],
    ])
    return frame.with_columns(det_fen=pl.col("pric_fen") * pl.col("cnt"),
                              rxno=pl.when(pl.col("drug")).then(pl.col("rxno"))).select(
        "setl_id", "feedetl_sn", "mdtrt_id", "psn_no", "fixmedins_code", "med_list_codg", "medins_list_codg",
        "fee_ocur_time", "pric_fen", "cnt", "det_fen", "bilg_dept_codg", "bilg_dr_codg", "orders_dr_code", "rxno",
        "prd_days", "drug_trac_codg", "scheme")


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

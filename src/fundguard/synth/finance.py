"""Inventory movements consistent with pharmacy sales, and monthly fund disbursements with bank records."""

from __future__ import annotations

import datetime as dt

import polars as pl

INFLATED_PURCHASE_SHARE = 0.4   # inventory_inflated pharmacies buy only this share of what they sell


def inventory_movements(lines: pl.DataFrame, day: dt.date, under_stocked: set[str],
                        never_bought: set[tuple[str, str]]) -> pl.DataFrame:
    """Morning purchases (3503) covering the day's sales, and one sale (3505) per sold drug line."""
    sold = lines.filter(pl.col("drug_trac_codg").is_not_null())
    sales = sold.select(
        "fixmedins_code", "med_list_codg", inv_chg_type=pl.lit("3505"), cnt=pl.col("cnt"),
        pric_fen=pl.col("pric_fen"), inv_chg_time=pl.col("fee_ocur_time"), setl_id=pl.col("setl_id"),
        psn_no=pl.col("psn_no"), drug_trac_codg=pl.col("drug_trac_codg"), rx_flag=pl.lit(True))
    bought = sold.group_by("fixmedins_code", "med_list_codg").agg(cnt=pl.col("cnt").sum(),
                                                                    pric_fen=pl.col("pric_fen").first())
    share = pl.when(pl.col("fixmedins_code").is_in(sorted(under_stocked))).then(INFLATED_PURCHASE_SHARE).otherwise(1.25)
    skip = pl.concat_str("fixmedins_code", pl.lit("|"), "med_list_codg").is_in(
        sorted(f"{a}|{b}" for a, b in never_bought))
    purchases = bought.filter(~skip).select(
        "fixmedins_code", "med_list_codg", inv_chg_type=pl.lit("3503"),
        cnt=(pl.col("cnt") * share).ceil().cast(pl.Int64), pric_fen=(pl.col("pric_fen") * 7 // 10),
        inv_chg_time=pl.lit(dt.datetime.combine(day, dt.time(7, 30))), setl_id=pl.lit(None, dtype=pl.String),
        psn_no=pl.lit(None, dtype=pl.String), drug_trac_codg=pl.lit(None, dtype=pl.String), rx_flag=pl.lit(True))
    moves = pl.concat([purchases.sort("fixmedins_code", "med_list_codg"), sales.sort("setl_id", "drug_trac_codg")],
                      how="vertical_relaxed")
    stamp = day.strftime("%Y%m%d")
    return moves.with_columns(
        mov_id=pl.concat_str(pl.lit(f"MV{stamp}"), pl.int_range(1, pl.len() + 1).cast(pl.String).str.zfill(8)),
        fixmedins_bchno=pl.concat_str(pl.lit("B"), pl.col("med_list_codg").str.slice(-4), pl.lit(stamp[:6])),
        cnt=pl.col("cnt") * 10_000, pric_fen=pl.col("pric_fen") * 100,
    ).select("mov_id", "fixmedins_code", "med_list_codg", "inv_chg_type", "fixmedins_bchno", "cnt",
             "pric_fen", "inv_chg_time", "setl_id", "psn_no", "drug_trac_codg", "rx_flag")


def disbursements(monthly: pl.DataFrame, last_day: dt.date) -> tuple[pl.DataFrame, pl.DataFrame]:
    """One disbursement per institution and month (fund paid), paid on the 20th of the next month
    (or the last generated day), and the matching debit in the expense account."""
    frame = monthly.group_by("fixmedins_code", "period").agg(pl.col("fund_fen").sum()).sort("period", "fixmedins_code")
    paid = (pl.col("period") + "-01").str.to_date().dt.offset_by("1mo") + pl.duration(days=19)
    frame = frame.with_columns(disb_date=pl.min_horizontal(paid, pl.lit(last_day)),
                               seq=pl.int_range(1, pl.len() + 1).cast(pl.String).str.zfill(6))
    disb = frame.select(
        disb_id=pl.concat_str(pl.lit("BF"), pl.col("period").str.replace("-", ""), "seq"),
        fixmedins_code="fixmedins_code", period="period", clr_type=pl.lit("按月清算"), amount_fen="fund_fen",
        disb_date="disb_date", bank_txn_id=pl.concat_str(pl.lit("YH"), pl.col("period").str.replace("-", ""), "seq"))
    bank = disb.select(bank_txn_id="bank_txn_id", account_type=pl.lit("expense"), txn_date="disb_date",
                       amount_fen=-pl.col("amount_fen"), counterparty_code="fixmedins_code",
                       memo=pl.lit("医保基金拨付"))
    return disb, bank

"""Inventory movements consistent with pharmacy sales, and monthly fund disbursements with bank records.

The finance files may carry labelled reconciliation anomalies (基金拨付对账), drawn from their own
random stream ``[seed, 11]`` so that switching them on changes nothing else in the city: a duplicated
disbursement, an over-payment, a disbursement without its bank debit or with a bank debit of another
amount (each a share of the monthly disbursements), and payments to institutions whose agreement was
suspended during the run (a share of hospitals and basic-care institutions).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import polars as pl

from fundguard.synth.world import World

INFLATED_PURCHASE_SHARE = 0.4   # inventory_inflated pharmacies buy only this share of what they sell
DISBURSEMENT_SCHEMES = ("duplicate_disbursement", "disbursement_exceeds_settlement",
                        "disbursement_without_bank_record", "bank_amount_mismatch")
"""Schemes drawn per monthly disbursement (at most one each); scheme names of config/schemes.yaml."""
INACTIVE_SCHEME = "disbursement_to_inactive_institution"
SUSPENDABLE_KINDS = ("H3", "H2", "H1", "C1")   # institutions that settle every month
MIN_ANOMALY_FEN = 10_000                        # only disbursements of at least 100 元 are altered


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


@dataclass
class FinancePlan:
    """The finance schemes of one run: prevalences, their random stream, the suspended agreements."""

    prevalence: dict[str, float]
    rng: np.random.Generator
    suspended_from: dict[str, dt.date]
    """fixmedins_code -> first day its agreement is suspended (协议结束日期 is the day before)."""
    entities: list[tuple[str, str, str]]
    """The scheme book's entity labels; the finance labels are appended here."""


def plan_finance(world: World, entities: list[tuple[str, str, str]]) -> FinancePlan:
    """Suspend the agreements of a share of hospitals/basic-care institutions from a day of the run
    (``world.institutions``: 协议状态 2, 协议结束日期 the day before); care itself is unchanged."""
    params = world.params
    prevalence = {s: params.city.prevalence.get(s, 0.0) for s in (*DISBURSEMENT_SCHEMES, INACTIVE_SCHEME)}
    rng = np.random.default_rng([params.seed, 11])
    inst = world.institutions
    pool = np.array(sorted(inst.filter(pl.col("kind").is_in(SUSPENDABLE_KINDS))["fixmedins_code"].to_list()))
    chosen = _at_least_once(rng, rng.random(pool.size) < prevalence[INACTIVE_SCHEME], prevalence[INACTIVE_SCHEME])
    first_days = rng.integers(1, max(params.days, 2), pool.size)
    suspended_from = {str(code): params.start + dt.timedelta(days=int(day))
                      for code, day in zip(pool[chosen], first_days[chosen], strict=True)}
    ends = {code: day - dt.timedelta(days=1) for code, day in suspended_from.items()}
    if ends:
        world.institutions = _suspend(inst, ends)
    return FinancePlan(prevalence, rng, suspended_from, entities)


def _suspend(inst: pl.DataFrame, ends: dict[str, dt.date]) -> pl.DataFrame:
    suspended = pl.col("fixmedins_code").is_in(sorted(ends))
    return inst.with_columns(
        agreement_status=pl.when(suspended).then(pl.lit("2")).otherwise("agreement_status"),
        agreement_end=pl.when(suspended).then(
            pl.col("fixmedins_code").replace_strict(ends, default=None, return_dtype=pl.Date))
        .otherwise("agreement_end"))


def _at_least_once(rng: np.random.Generator, mask: np.ndarray, p: float, allowed: np.ndarray | None = None
                   ) -> np.ndarray:
    """``mask`` within ``allowed``; a scheme switched on is present at least once (if anything is allowed)."""
    allowed = np.ones(mask.size, dtype=bool) if allowed is None else allowed
    mask = mask & allowed
    if p > 0 and not mask.any() and allowed.any():
        mask[int(rng.choice(np.flatnonzero(allowed)))] = True
    return mask


def disbursements(monthly: pl.DataFrame, last_day: dt.date, plan: FinancePlan | None = None
                  ) -> tuple[pl.DataFrame, pl.DataFrame]:
    """One disbursement per institution and month (fund paid), paid on the 20th of the next month
    (or the last generated day), and the matching debit in the expense account; with ``plan``, the
    labelled reconciliation anomalies."""
    frame = monthly.group_by("fixmedins_code", "period").agg(pl.col("fund_fen").sum()).sort("period", "fixmedins_code")
    paid = (pl.col("period") + "-01").str.to_date().dt.offset_by("1mo") + pl.duration(days=19)
    frame = frame.with_columns(disb_date=pl.min_horizontal(paid, pl.lit(last_day)),
                               seq=pl.int_range(1, pl.len() + 1).cast(pl.String).str.zfill(6))
    disb = frame.select(
        disb_id=pl.concat_str(pl.lit("BF"), pl.col("period").str.replace("-", ""), "seq"),
        fixmedins_code="fixmedins_code", period="period", clr_type=pl.lit("按月清算"), amount_fen="fund_fen",
        disb_date="disb_date", bank_txn_id=pl.concat_str(pl.lit("YH"), pl.col("period").str.replace("-", ""), "seq"),
        bank_fen="fund_fen")
    if plan is not None:
        disb = _with_anomalies(disb, last_day, plan)
        _label_inactive(disb, plan)
    bank = disb.filter(pl.col("bank_fen").is_not_null()).select(
        bank_txn_id="bank_txn_id", account_type=pl.lit("expense"), txn_date="disb_date",
        amount_fen=-pl.col("bank_fen"), counterparty_code="fixmedins_code", memo=pl.lit("医保基金拨付"))
    return disb.drop("bank_fen").sort("disb_id"), bank.sort("bank_txn_id")


def _with_anomalies(disb: pl.DataFrame, last_day: dt.date, plan: FinancePlan) -> pl.DataFrame:
    """Draw at most one disbursement scheme per row, alter those rows and append the duplicates."""
    n, rng = disb.height, plan.rng
    draws, shares, signs = rng.random((len(DISBURSEMENT_SCHEMES), n)), rng.uniform(0, 1, n), rng.choice([-1, 1], n)
    delays = rng.integers(3, 11, n)
    free = disb["amount_fen"].to_numpy() >= MIN_ANOMALY_FEN
    scheme = np.full(n, None, dtype=object)
    for k, name in enumerate(DISBURSEMENT_SCHEMES):
        chosen = _at_least_once(rng, draws[k] < plan.prevalence[name], plan.prevalence[name], free)
        scheme[chosen], free = name, free & ~chosen
    disb = disb.with_columns(scheme=pl.Series(scheme.tolist(), dtype=pl.String), share=pl.Series(shares),
                             sign=pl.Series(signs), delay=pl.Series(delays))
    amount, name = pl.col("amount_fen"), pl.col("scheme")
    over = pl.max_horizontal((amount * (0.05 + 0.25 * pl.col("share"))).round(0).cast(pl.Int64), pl.lit(1_000))
    off = pl.max_horizontal((amount * (0.01 + 0.09 * pl.col("share"))).round(0).cast(pl.Int64), pl.lit(100))
    disb = disb.with_columns(amount_fen=pl.when(name == "disbursement_exceeds_settlement").then(amount + over)
                             .otherwise(amount))
    disb = disb.with_columns(bank_fen=pl.when(name == "disbursement_without_bank_record").then(None)
                             .when(name == "bank_amount_mismatch").then(amount + pl.col("sign") * off)
                             .otherwise(amount))
    plan.entities.extend(("institution", code, s) for code, s in disb.filter(name.is_not_null())
                         .select("fixmedins_code", "scheme").iter_rows())
    return pl.concat([disb, _duplicates(disb, last_day)]).drop("scheme", "share", "sign", "delay")


def _duplicates(disb: pl.DataFrame, last_day: dt.date) -> pl.DataFrame:
    """The second payment of each duplicated disbursement: same institution, period, type and amount,
    paid 3-10 days later (at most on the last generated day), with its own bank debit."""
    copies = disb.filter(pl.col("scheme") == "duplicate_disbursement").with_columns(
        seq=pl.int_range(disb.height + 1, disb.height + 1 + pl.len()).cast(pl.String).str.zfill(6))
    return copies.with_columns(
        disb_id=pl.concat_str(pl.lit("BF"), pl.col("period").str.replace("-", ""), "seq"),
        bank_txn_id=pl.concat_str(pl.lit("YH"), pl.col("period").str.replace("-", ""), "seq"),
        disb_date=pl.min_horizontal(pl.col("disb_date") + pl.duration(days=pl.col("delay")), pl.lit(last_day)),
    ).drop("seq")


def _label_inactive(disb: pl.DataFrame, plan: FinancePlan) -> None:
    """Label the suspended institutions that were still paid on or after the suspension."""
    if not plan.suspended_from:
        return
    since = pl.col("fixmedins_code").replace_strict(plan.suspended_from, default=None, return_dtype=pl.Date)
    paid = disb.filter(pl.col("disb_date") >= since)["fixmedins_code"].unique().sort().to_list()
    plan.entities.extend(("institution", code, INACTIVE_SCHEME) for code in paid)

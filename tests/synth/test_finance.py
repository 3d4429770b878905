"""Finance files of the synthetic city: clean disbursements reconcile exactly; each labelled
reconciliation anomaly is present in the files the way its scheme says."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from fundguard.synth.finance import DISBURSEMENT_SCHEMES, INACTIVE_SCHEME
from fundguard.synth.generate import generate_city
from fundguard.synth.params import RunParams, city_params, scaled_prevalence
from fundguard.synth.schemes import known_schemes

REPO = Path(__file__).resolve().parents[2]


def _generate(out: Path, scale: float) -> Path:
    city = scaled_prevalence(city_params(REPO).model_copy(update={"dirty_share": 0.0}), scale, known_schemes(REPO))
    generate_city(RunParams(persons=1200, start=dt.date(2026, 1, 1), days=40, seed=3, city=city), out)
    return out


def _finance(city: Path) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    disb = pl.read_excel(city / "finance" / "fund_disbursement.xlsx").select(
        disb_id="拨付单号", code="定点医药机构编码", period="结算期", amount=pl.col("拨付金额").cast(pl.Decimal(18, 2)),
        disb_date=pl.col("拨付日期").str.to_date(), bank_txn_id="银行流水号")
    bank = pl.read_csv(city / "finance" / "bank_record.csv", encoding="gbk", infer_schema_length=0).select(
        bank_txn_id="交易流水号", bank=pl.col("交易金额").cast(pl.Decimal(18, 2)), counterparty="对方单位编码")
    setl = pl.read_parquet(city / "settlement" / "**" / "*.parquet")
    his = [pl.read_csv(p, encoding="gbk", infer_schema_length=0) for p in (city / "his_export").rglob("*_settlement.csv")]
    settled = pl.concat([
        setl.select(code="fixmedins_code", setl_time="setl_time", fund="fund_pay_sumamt"),
        *[h.select(code="医院编码", setl_time=pl.col("结算时间").str.to_datetime("%Y/%m/%d %H:%M:%S"),
                   fund=pl.col("基金支付合计").cast(pl.Decimal(18, 2))) for h in his]])
    per_month = settled.group_by("code", period=pl.col("setl_time").dt.strftime("%Y-%m")).agg(settled=pl.col("fund").sum())
    return disb, bank, per_month


def _institutions(city: Path) -> pl.DataFrame:
    return pl.read_excel(city / "reference" / "institution.xlsx", read_options={"header_row": 1},
                         infer_schema_length=0).select(code="定点医药机构编码", status="协议状态", end="协议结束日期")


@pytest.fixture(scope="module")
def dirty_city(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _generate(tmp_path_factory.mktemp("finance_city"), scale=10.0)


def test_clean_disbursements_equal_settled_fund_and_bank_debits(tmp_path: Path) -> None:
    city = _generate(tmp_path / "clean", scale=0.0)
    disb, bank, per_month = _finance(city)
    totals = disb.group_by("code", "period").agg(pl.col("amount").sum(), n=pl.len())
    joined = per_month.join(totals, on=["code", "period"], how="full", coalesce=True)
    assert joined.filter(pl.col("amount").is_null() | pl.col("settled").is_null()).height == 0
    assert (joined["amount"] == joined["settled"]).all() and (joined["n"] == 1).all()
    paid = disb.join(bank, on="bank_txn_id", how="left")
    assert (paid["bank"] == -paid["amount"]).all() and (paid["counterparty"] == paid["code"]).all()
    assert set(_institutions(city)["status"].to_list()) == {"1"}


def _labelled(city: Path, scheme: str) -> set[str]:
    labels = pl.read_parquet(city / "labels" / "entity_labels.parquet")
    return set(labels.filter(pl.col("scheme") == scheme)["entity_id"].to_list())


def test_every_finance_scheme_is_labelled(dirty_city: Path) -> None:
    assert all(_labelled(dirty_city, s) for s in (*DISBURSEMENT_SCHEMES, INACTIVE_SCHEME))


def test_labelled_anomalies_are_in_the_files(dirty_city: Path) -> None:
    disb, bank, per_month = _finance(dirty_city)
    repeated = disb.group_by("code", "period", "amount").len().filter(pl.col("len") > 1)
    assert set(repeated["code"].to_list()) == _labelled(dirty_city, "duplicate_disbursement")
    units = disb.unique(["code", "period", "amount"]).group_by("code", "period").agg(pl.col("amount").sum())
    over = units.join(per_month, on=["code", "period"]).filter(pl.col("amount") > pl.col("settled"))
    assert set(over["code"].to_list()) == _labelled(dirty_city, "disbursement_exceeds_settlement")
    paid = disb.join(bank, on="bank_txn_id", how="left")
    assert set(paid.filter(pl.col("bank").is_null())["code"].to_list()) == _labelled(
        dirty_city, "disbursement_without_bank_record")
    differs = paid.filter(pl.col("bank").is_not_null() & (pl.col("bank") != -pl.col("amount")))
    assert set(differs["code"].to_list()) == _labelled(dirty_city, "bank_amount_mismatch")


def test_suspended_institutions_are_paid_after_their_agreement_ended(dirty_city: Path) -> None:
    disb, _, _ = _finance(dirty_city)
    inst = _institutions(dirty_city).filter(pl.col("status") == "2").with_columns(pl.col("end").str.to_date())
    late = disb.join(inst, on="code").filter(pl.col("disb_date") > pl.col("end"))
    assert inst.height > 0 and inst["end"].null_count() == 0
    assert set(late["code"].to_list()) == _labelled(dirty_city, INACTIVE_SCHEME)

"""Reconciliation and the fund_payment rules on the committed sample city: every labelled
finance anomaly is found, and nothing else (precision and recall against labels/entity_labels)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from fundguard.rules.catalog import load_rule

REPO = Path(__file__).resolve().parents[2]
CITY = REPO / "data_samples" / "city"
FUND_RULES = [load_rule(p) for p in sorted((REPO / "rules" / "fund_payment").glob("*.yaml"))]
STATUS_OF_SCHEME = {
    "duplicate_disbursement": "重复拨付", "disbursement_exceeds_settlement": "拨付多于结算",
    "disbursement_without_bank_record": "无银行流水", "bank_amount_mismatch": "银行流水金额不符",
    "disbursement_to_inactive_institution": "向暂停或解除协议机构拨付",
}


@pytest.fixture(scope="module")
def sample_copy(sample_db, tmp_path_factory):
    """Settings of a private copy of the sample database after a run of the fund_payment rules."""
    from fundguard.db.connection import connect
    from fundguard.rules.runner import RunRequest, run_rules
    from fundguard.settings import Settings

    settings = Settings(project_dir=REPO, var_dir=tmp_path_factory.mktemp("recon_sample") / "var")
    settings.db_path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(sample_db.db_path, settings.db_path)
    end = date.fromisoformat((CITY / "RUN_DATE").read_text(encoding="utf-8").strip())
    with connect(settings) as con:
        results = run_rules(con, FUND_RULES, RunRequest("recon-sample", date(2025, 12, 1), end), settings.sql_dir)
    assert [r.error for r in results] == [None] * len(FUND_RULES)
    return settings


def _labels() -> dict[str, set[str]]:
    import polars as pl

    labels = pl.read_parquet(CITY / "labels" / "entity_labels.parquet")
    return {s: set(labels.filter(pl.col("scheme") == s)["entity_id"].to_list()) for s in STATUS_OF_SCHEME}


def test_fund_payment_rules_have_full_precision_and_recall(sample_copy) -> None:
    from fundguard.db.connection import connect
    from fundguard.rules.quality import Labels, rule_quality

    with connect(sample_copy, read_only=True) as con:
        rows = rule_quality(con, sample_copy.sql_dir, FUND_RULES, "recon-sample", Labels.from_dir(CITY))
    measured = {r["rule_id"]: (r["n_labelled"], r["precision"], r["recall"]) for r in rows}
    assert set(measured) == {r.id for r in FUND_RULES}
    assert all(n > 0 for n, _, _ in measured.values())
    assert {rule: (p, r) for rule, (_, p, r) in measured.items()} == dict.fromkeys(measured, (1.0, 1.0))


def test_reconciliation_flags_exactly_the_labelled_institutions(sample_copy) -> None:
    from fundguard.db.connection import connect
    from fundguard.reconcile.config import load_reconcile_config
    from fundguard.reconcile.reconcile import reconcile_period

    cfg = load_reconcile_config(REPO / "config")
    flagged: dict[str, set[str]] = {status: set() for status in STATUS_OF_SCHEME.values()}
    others = []
    with connect(sample_copy, read_only=True) as con:
        for period in ("2026-01", "2026-02", "2026-03"):
            result = reconcile_period(con, sample_copy.sql_dir, cfg, period)
            for unit in result.units:
                for issue in unit["issues"].split("、") if unit["issues"] else []:
                    if issue in flagged:
                        flagged[issue].add(unit["fixmedins_code"])
                    else:
                        others.append((period, unit["fixmedins_code"], issue))
    assert others == []
    assert flagged == {STATUS_OF_SCHEME[s]: codes for s, codes in _labels().items()}

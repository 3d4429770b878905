"""The fund_payment rules judge settle periods, so their findings do not depend on how the
evaluation window is cut, and finance files open the nightly window on the periods they touch."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tests.reconcile.factories import debit, disburse, institution, paid, settle

from fundguard.db.connection import connect
from fundguard.rules.catalog import load_rule
from fundguard.rules.runner import RunRequest, run_rules

REPO = Path(__file__).resolve().parents[2]
FUND_RULES = [load_rule(p) for p in sorted((REPO / "rules" / "fund_payment").glob("*.yaml"))]


def _city(con) -> None:
    """January and February 2025, each period with one anomaly of every fund_payment rule."""
    for code in ("H01", "H02", "H03", "H04", "H05"):
        institution(con, code, *(("2", date(2025, 1, 31)) if code == "H05" else ()))
    for month, paid_on in (("01", "2025-02-20"), ("02", "2025-03-20")):
        period = f"2025-{month}"
        for code in ("H01", "H02", "H03", "H04", "H05"):
            settle(con, f"S{code}{month}", code, f"{period}-10 09:00:00", "100.00")
        paid(con, f"D1{month}", "H01", "130.00", paid_on, period)           # over settlement
        paid(con, f"D2{month}", "H02", "100.00", paid_on, period)
        paid(con, f"D2{month}b", "H02", "100.00", "2025-03-25", period)      # repeated
        disburse(con, f"D3{month}", "H03", "100.00", paid_on, period)        # no bank debit
        disburse(con, f"D4{month}", "H04", "100.00", paid_on, period)
        debit(con, f"BD4{month}", "H04", "90.00", paid_on)                   # bank amount differs
        paid(con, f"D5{month}", "H05", "100.00", paid_on, period)            # agreement suspended


def _findings(con, windows: list[tuple[date, date]]) -> set[tuple]:
    for i, (start, end) in enumerate(windows):
        run_rules(con, FUND_RULES, RunRequest(f"w{i}", start, end), REPO / "sql")
    return set(con.execute("select rule_id, finding_key, event_date, vola_amt, fund_amt, evidence"
                           " from finding").fetchall())


def test_split_windows_give_the_findings_of_one_full_window(duck) -> None:
    from fundguard.db.connection import memory_connection
    from fundguard.db.migrate import apply_migrations

    _city(duck)
    full = _findings(duck, [(date(2025, 1, 1), date(2025, 3, 31))])
    split_con = memory_connection()
    apply_migrations(split_con, REPO / "sql")
    _city(split_con)
    split = _findings(split_con, [(date(2025, 1, 20), date(2025, 1, 20)), (date(2025, 2, 27), date(2025, 3, 2))])
    split_con.close()
    assert split == full
    assert {(rule, str(event)) for rule, _, event, *_ in full} == {
        (r.id, d) for r in FUND_RULES for d in ("2025-01-31", "2025-02-28")}


def test_finance_batches_touch_the_periods_they_pay(settings) -> None:
    from fundguard.db.migrate import apply_migrations
    from fundguard.ops.runs import pending_batches

    with connect(settings) as con:
        apply_migrations(con, settings.sql_dir)
        con.execute("insert into ingest_batch (batch_id, inbox, started_at, status) values"
                    " ('F1', 'x', now(), 'loaded'), ('F2', 'x', now(), 'loaded')")
        disburse(con, "D1", "H01", "100.00", "2026-01-20", "2025-12")
        disburse(con, "D2", "H01", "100.00", "2026-01-20", "2025-11")
        debit(con, "BD2", "H01", "100.00", "2026-01-21")
        con.execute("update fund_disbursement set _batch_id = 'F1'")
        con.execute("update bank_record set _batch_id = 'F2'")
        con.execute("update fund_disbursement set _batch_id = 'old' where disb_id = 'D2'")
    ranges = {b.batch_id: (b.touched_from, b.touched_to) for b in pending_batches(settings)}
    assert ranges == {"F1": (date(2025, 12, 1),) * 2, "F2": (date(2025, 11, 1),) * 2}

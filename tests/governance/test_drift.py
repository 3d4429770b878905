"""Fire-rate drift on constructed run histories: zero, drop, surge, ok, too little history."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from tests.governance.support import REPO, SQL

from fundguard.governance.config import FireRatePolicy, governance_config
from fundguard.governance.drift import fire_rates, record_fire_rates, rule_governance

POLICY = governance_config(REPO / "config").fire_rate
START = datetime(2026, 3, 1, 2, 0)


def _history(con, rule_id: str, hits: list[int], rows: int = 10_000, *, version: int = 1,
             outcome: str | None = None, last_rows: int | None = None) -> None:
    """One execution per night; the last entry is run ``r<n>`` (the run checked)."""
    for night, n in enumerate(hits):
        is_last = night == len(hits) - 1
        con.execute(
            "insert into rule_execution (run_id, rule_id, rule_version, outcome, n_hits, n_input_rows,"
            " executed_at) values ($r, $rule, $v, $o, $n, $rows, $at)",
            {"r": f"r{night}", "rule": rule_id, "v": version, "n": n,
             "o": (outcome if is_last and outcome else ("hit" if n else "no_hit")),
             "rows": last_rows if is_last and last_rows is not None else rows,
             "at": START + timedelta(days=night)})


def _status(con, run_id: str, policy: FireRatePolicy = POLICY) -> dict[str, str]:
    return {r["rule_id"]: r["status"] for r in record_fire_rates(con, SQL, run_id, policy)}


@pytest.mark.parametrize(("hits", "expected"), [
    ([20, 22, 18, 21, 19, 0], "zero"),
    ([20, 22, 18, 21, 19, 5], "drop"),
    ([20, 22, 18, 21, 19, 70], "surge"),
    ([20, 22, 18, 21, 19, 12], "ok"),
    ([0, 0, 0, 0, 0, 6], "surge"),
    ([0, 0, 0, 0, 0, 4], "ok"),          # too few hits to call a surge
    ([2, 1, 3, 2, 2, 0], "ok"),           # baseline predicts 2 hits: zero can be chance
    ([20, 22, 0], "no_history"),          # two earlier runs < min_history 3
])
def test_fire_rate_status_against_median_of_history(duck, hits, expected):
    _history(duck, "rule_a", hits)
    assert _status(duck, f"r{len(hits) - 1}") == {"rule_a": expected}


def test_rates_are_per_input_rows_so_a_small_night_is_not_a_drop(duck):
    _history(duck, "rule_a", [20, 22, 18, 21, 19, 2], last_rows=1_000)  # 20 per 10k, as before
    [row] = record_fire_rates(duck, SQL, "r5", POLICY)
    assert (row["status"], row["hit_rate"], row["baseline_rate"], row["expected_hits"]) == (
        "ok", 20.0, 20.0, 2.0)


def test_only_the_last_history_runs_and_the_same_version_count(duck):
    _history(duck, "rule_a", [200, 200, 200, 20, 20, 20, 20, 20, 20, 20, 20])
    assert _status(duck, "r10") == {"rule_a": "ok"}  # the 200s are older than 7 runs
    duck.execute("update rule_execution set rule_version = 2 where run_id = 'r10'")
    assert _status(duck, "r10") == {"rule_a": "no_history"}
    mixed = POLICY.model_copy(update={"same_version_only": False})
    assert _status(duck, "r10", mixed) == {"rule_a": "ok"}


def test_errors_and_empty_inputs_are_not_evaluated_and_rerun_replaces(duck):
    _history(duck, "rule_a", [20, 22, 18, 21, 0], outcome="error")
    _history(duck, "rule_b", [20, 22, 18, 21, 0], last_rows=0)
    assert _status(duck, "r4") == {"rule_a": "not_evaluated", "rule_b": "not_evaluated"}
    assert _status(duck, "r4") == {"rule_a": "not_evaluated", "rule_b": "not_evaluated"}
    assert duck.execute("select count(*) from rule_fire_rate").fetchone() == (2,)
    labels = {r["rule_id"]: r["status_label"] for r in fire_rates(duck, SQL, "r4")}
    assert labels == {"rule_a": "未评估", "rule_b": "未评估"}


def test_rule_governance_row_carries_mode_and_drift_label(duck):
    _history(duck, "rule_a", [20, 22, 18, 21, 19, 0])
    record_fire_rates(duck, SQL, "r5", POLICY)
    row = rule_governance(duck, SQL, "r5")["rule_a"]
    assert (row["mode_label"], row["fire_rate_label"], row["hit_rate"]) == (
        "正式运行", "命中率突变(归零)", 0.0)

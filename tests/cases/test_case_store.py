"""Recording decisions on a real case: the case file always equals the replay of its event log."""

import itertools
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.cases.factories import add_finding, seed_reference

from fundguard.cases.build import build_cases
from fundguard.cases.config import workflow_config
from fundguard.cases.store import case_history, case_row, record_decision
from fundguard.cases.workflow import USER_ACTIONS, Decision
from fundguard.errors import WorkflowError

REPO = Path(__file__).resolve().parents[2]
SQL = REPO / "sql"
_keys = itertools.count()


@pytest.fixture(scope="module")
def con():
    from fundguard.db.connection import memory_connection
    from fundguard.db.migrate import apply_migrations

    connection = memory_connection()
    apply_migrations(connection, SQL)
    seed_reference(connection)
    yield connection
    connection.close()


def _new_case(con) -> str:
    n = next(_keys)
    add_finding(con, f"k{n}", fixmedins_code=f"H{n:011d}", staff_code=None)
    build_cases(con, SQL, workflow_config(REPO / "config"), "r1")
    (cid,) = con.execute("select case_id from case_file where entity_id = $e",
                         {"e": f"H{n:011d}"}).fetchone()
    return cid


def _decision(action: str) -> Decision:
    extra = {"measure": "协议处理"} if action == "close" else {}
    extra |= {"assignee": "lisi"} if action == "assign" else {}
    return Decision(action, "tester", f"理由 {action}", amount=Decimal("10.00"), **extra)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.sampled_from(USER_ACTIONS), max_size=15))
def test_case_file_is_the_replay_of_its_events(con, actions):
    cid = _new_case(con)
    at, accepted = datetime(2026, 4, 1), 0
    for action in actions:
        at += timedelta(hours=1)
        try:
            record_decision(con, SQL, cid, _decision(action), now=at)
            accepted += 1
        except WorkflowError:
            continue
    events = case_history(con, SQL, cid)
    case = case_row(con, SQL, cid)
    assert len(events) == accepted + 1 and [e["seq"] for e in events] == list(range(1, accepted + 2))
    assert case["status"] == events[-1]["to_state"]
    assert all(a["to_state"] == b["from_state"] for a, b in zip(events, events[1:], strict=False))
    decided = [e for e in events if e["action"] in ("confirm_violation", "confirm_fraud", "dismiss")]
    reopened_after = decided and any(e["action"] == "reopen" and e["seq"] > decided[-1]["seq"]
                                     for e in events)
    if decided and not reopened_after:
        assert case["disposition"] is not None and case["decided_at"] == decided[-1]["event_at"]
    else:
        assert case["disposition"] is None

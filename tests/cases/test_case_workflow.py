from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fundguard.cases.workflow import (
    ACTION_LABELS,
    CLOSED,
    STATES,
    Decision,
    allowed_actions,
    days_overdue,
    next_state,
    projected_case,
    validate_decision,
)
from fundguard.errors import WorkflowError

ACTIONS = sorted(ACTION_LABELS)
CASE = {"case_id": "C1", "status": "处理", "amt_identified": Decimal("100.00"),
        "amt_confirmed": Decimal("80.00"), "disposition": "确认违规"}


@given(st.lists(st.sampled_from(ACTIONS), max_size=40))
def test_random_action_sequences_never_reach_an_illegal_state(actions):
    state, visited = "初审", ["初审"]
    for action in actions:
        try:
            state = next_state(state, action)
        except WorkflowError as exc:
            assert "当前可执行" in exc.render() or "未知的审核动作" in exc.render()
            continue
        assert state in STATES
        visited.append(state)
        if state == "处理":  # a decision on the merits needs the institution's response step
            last_open = max(i for i, s in enumerate(visited) if s == "初审")
            assert "申诉" in visited[last_open:] and "核查" in visited[last_open:]


def test_every_state_offers_a_way_forward_and_closed_only_reopens_or_rectifies():
    for state in STATES:
        assert allowed_actions(state)
    assert set(allowed_actions(CLOSED)) == {"reopen", "rectify"}


def test_refusal_names_the_state_and_the_allowed_actions():
    with pytest.raises(WorkflowError, match="「申诉」, 不能执行「核查确认违规」") as info:
        next_state("申诉", "confirm_violation", "C1")
    assert "appeal" in info.value.render() and "案件 C1" in info.value.render()


def test_close_requires_measure_and_returned_within_confirmed():
    with pytest.raises(WorkflowError, match="处理方式"):
        validate_decision(CASE, Decision("close", "u", "r"))
    with pytest.raises(WorkflowError, match="退回金额不能超过认定金额 80.00"):
        validate_decision(CASE, Decision("close", "u", "r", measure="协议处理", returned=Decimal(81)))
    validate_decision(CASE, Decision("close", "u", "r", measure="协议处理", returned=Decimal(80)))
    with pytest.raises(WorkflowError, match="只能在结案时登记"):
        validate_decision(CASE, Decision("submit", "u", "r", flags={"voluntary_return": True}))


def test_projection_of_confirm_and_close():
    now = datetime(2026, 4, 2)
    confirmed = projected_case(dict(CASE, status="核查", amt_confirmed=None),
                               Decision("confirm_fraud", "u", "核实"), "处理", now)
    assert (confirmed["disposition"], confirmed["amt_confirmed"]) == ("确认欺诈", Decimal("100.00"))
    closed = projected_case(confirmed, Decision("close", "u", "r", measure="移送"), CLOSED, now)
    assert (closed["closed_at"], closed["amt_returned"], closed["measure"]) == (now, 0, "移送")


def test_days_overdue():
    limits = {"初审": 10}
    assert days_overdue("初审", datetime(2026, 4, 1), date(2026, 4, 15), limits) == 4
    assert days_overdue("初审", datetime(2026, 4, 1), date(2026, 4, 5), limits) is None
    assert days_overdue(CLOSED, datetime(2026, 1, 1), date(2026, 4, 5), {CLOSED: 1}) is None

"""The statutory review workflow as an explicit state machine (pure; no I/O).

Steps (两库管理办法: 初审 → 复审 → 监管对象申诉 → 调查核实 → 违规处理): 初审 → 复审 → 申诉 → 核查 →
处理 → 结案.  Dispositions: 确认违规 / 确认欺诈 (at 核查) and 排除 (at 初审, 复审 or 核查, with a
reason).  ``assign`` and ``rectify`` are events that keep the state.  Anything else is refused with a
Chinese ``WorkflowError``.  Cases from on-site inspections start at 申诉 (``ENTRY_STATES``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from fundguard.errors import WorkflowError

STATES = ("初审", "复审", "申诉", "核查", "处理", "结案")
CLOSED = "结案"
MEASURES = ("协议处理", "行政处罚", "移送")
CONFIRMED = ("确认违规", "确认欺诈")

ACTION_LABELS: dict[str, str] = {
    "open": "立案", "append": "追加疑点", "reopen": "重新立案", "assign": "分派",
    "submit": "初审疑点成立, 提交复审", "return": "退回初审", "notify": "复审成立, 告知机构申诉",
    "appeal": "收到申诉意见, 转核查", "no_appeal": "逾期未申诉, 转核查",
    "confirm_violation": "核查确认违规", "confirm_fraud": "核查确认欺诈", "dismiss": "排除",
    "close": "处理完毕结案", "rectify": "整改到位",
}

TRANSITIONS: dict[tuple[str, str], str] = {
    ("初审", "submit"): "复审", ("初审", "dismiss"): CLOSED,
    ("复审", "notify"): "申诉", ("复审", "return"): "初审", ("复审", "dismiss"): CLOSED,
    ("申诉", "appeal"): "核查", ("申诉", "no_appeal"): "核查",
    ("核查", "confirm_violation"): "处理", ("核查", "confirm_fraud"): "处理", ("核查", "dismiss"): CLOSED,
    ("处理", "close"): CLOSED,
    (CLOSED, "reopen"): "初审",
}
STAY_ACTIONS = ("assign", "rectify")
DISPOSITION_BY_ACTION = {"confirm_violation": "确认违规", "confirm_fraud": "确认欺诈", "dismiss": "排除"}
USER_ACTIONS = tuple(sorted({a for _, a in TRANSITIONS} | set(STAY_ACTIONS)))

SOURCE_MONITORING, SOURCE_ONSITE, SOURCE_OFFSITE = "智能监控", "现场检查", "非现场检查"
ENTRY_STATES: dict[str, str] = {SOURCE_MONITORING: "初审", SOURCE_ONSITE: "申诉", SOURCE_OFFSITE: "初审"}
"""The step a case enters the workflow at, by where its evidence comes from.

初审/复审 (两库管理办法) screen *suspicious items* produced by data monitoring.  An on-site inspection
(飞行检查 or 双随机) already fixed its evidence with ≥2 law-enforcement officers (现场笔录, 询问笔录,
条例第27条), so those two screening steps have nothing left to do; but the 飞检办法 requires feedback to
the inspected party and its 陈述申辩 *before* conclusions (条例第13条 likewise), so on-site findings enter
at 申诉, then 核查 (集体决策 on disputes) → 处理 → 结案.  Non-on-site results (书面检查/数据分析) are
screened like monitoring output and enter at 初审."""


@dataclass(frozen=True, slots=True)
class Decision:
    """One reviewer action with its arguments (amounts in 元, DECIMAL)."""

    action: str
    actor: str
    reason: str
    amount: Decimal | None = None
    measure: str | None = None
    returned: Decimal | None = None
    fined: Decimal | None = None
    assignee: str | None = None
    flags: dict[str, Any] = field(default_factory=dict)

    def payload(self) -> dict[str, Any]:
        """The event payload: the decision's arguments that were given (amounts as strings)."""
        raw = {"amount": self.amount, "measure": self.measure, "returned": self.returned,
               "fined": self.fined, "assignee": self.assignee, **self.flags}
        return {k: (f"{v:.2f}" if isinstance(v, Decimal) else v) for k, v in raw.items()
                if v is not None}


def allowed_actions(state: str) -> list[str]:
    """Actions a reviewer may take on a case in ``state``."""
    moves = [a for (s, a) in TRANSITIONS if s == state]
    stays = ["assign"] if state != CLOSED else ["rectify"]
    return moves + stays


def _labels(actions: list[str]) -> str:
    return "、".join(f"{a}({ACTION_LABELS[a]})" for a in actions) or "无"


def next_state(state: str, action: str, case_id: str = "") -> str:
    """The state after ``action``; WorkflowError when the statutory steps do not allow it."""
    if action not in ACTION_LABELS or action in ("open", "append"):
        raise WorkflowError(f"未知的审核动作: {action}", location=case_id or None,
                            hint=f"可用动作: {_labels(list(USER_ACTIONS))}")
    if action in STAY_ACTIONS and action in allowed_actions(state):
        return state
    if (state, action) not in TRANSITIONS:
        raise WorkflowError(
            f"案件当前处于「{state}」, 不能执行「{ACTION_LABELS[action]}」",
            location=f"案件 {case_id}" if case_id else None,
            hint=f"当前可执行: {_labels(allowed_actions(state))}",
        )
    return TRANSITIONS[(state, action)]


def _require(condition: bool, message: str, case_id: str, hint: str | None = None) -> None:
    if not condition:
        raise WorkflowError(message, location=f"案件 {case_id}", hint=hint)


def validate_decision(case: dict[str, Any], decision: Decision) -> None:
    """Refuse decisions whose arguments do not fit the action (Chinese WorkflowError)."""
    cid = case["case_id"]
    _require(bool(decision.actor.strip()), "必须注明操作人", cid, "请用 --by 指定操作人账号。")
    _require(bool(decision.reason.strip()), "必须填写理由", cid, "请用 --reason 说明依据或理由。")
    for name in ("amount", "returned", "fined"):
        value = getattr(decision, name)
        _require(value is None or value >= 0, f"金额不能为负数: {name}", cid)
    if decision.action == "assign":
        _require(bool(decision.assignee), "分派必须指定承办人", cid, "请用 --to 指定承办人。")
    if decision.action == "close":
        _require(decision.measure in MEASURES, "结案必须注明处理方式", cid,
                 f"请用 --measure 指定: {'、'.join(MEASURES)}")
        confirmed = case.get("amt_confirmed") or Decimal(0)
        _require((decision.returned or Decimal(0)) <= confirmed,
                 f"退回金额不能超过认定金额 {confirmed:.2f} 元", cid)
    _require(not decision.flags or decision.action == "close",
             "自查自纠、主动退回和责任人员只能在结案时登记", cid)
    if decision.action == "rectify":
        _require(case.get("disposition") in CONFIRMED, "只有确认违规/欺诈的案件才需登记整改", cid)


def projected_case(case: dict[str, Any], decision: Decision, to_state: str,
                   now: datetime) -> dict[str, Any]:
    """The case row after ``decision`` (the projection of the event onto case_file)."""
    new = dict(case, status=to_state, updated_at=now)
    action = decision.action
    if action == "assign":
        new["assignee"] = decision.assignee
    if action in DISPOSITION_BY_ACTION:
        new.update(disposition=DISPOSITION_BY_ACTION[action], disposition_reason=decision.reason,
                   decided_at=now)
    if action in ("confirm_violation", "confirm_fraud"):
        new["amt_confirmed"] = decision.amount if decision.amount is not None else case["amt_identified"]
    if action == "close":
        new.update(measure=decision.measure, amt_returned=decision.returned or Decimal("0.00"),
                   amt_fined=decision.fined or Decimal("0.00"))
    if to_state == CLOSED and case["status"] != CLOSED:
        new["closed_at"] = now
    if action == "reopen":
        new.update(disposition=None, disposition_reason=None, measure=None, decided_at=None,
                   closed_at=None)
    return new


def days_overdue(state: str, since: datetime, today: date, limits: dict[str, int]) -> int | None:
    """Days past the step's time limit (None when the step has no limit or is within it)."""
    limit = limits.get(state)
    if limit is None or state == CLOSED:
        return None
    late = (today - since.date()).days - limit
    return late if late > 0 else None
